// The 256-bit kernels with AVX-VNNI's fused dot products (same lanes and results as AVX2's).
#include "internal.h"

#if CK_X86
#include <immintrin.h>
#include <math.h>

#define CK_TARGET CK_AVXVNNI
#define CK_WITH_VNNI 1
#define CK_TABLE(name) ck_avxvnni_##name
#include "avx256_kernels.h"

#endif
