// Shared by the kernel files: ggml type ids, the quantised-activation view, f16 conversion and the
// per-instruction-set kernel tables.
#ifndef CKERNELS_INTERNAL_H
#define CKERNELS_INTERNAL_H

#include "ckernels.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define CK_X86 1
#define CK_AVX2 __attribute__((target("avx2,fma,f16c")))
#define CK_AVXVNNI __attribute__((target("avx2,fma,f16c,avxvnni")))
#define CK_AVX512 __attribute__((target("avx2,fma,f16c,avx512f,avx512bw,avx512vl,avx512dq,avx512vnni")))
#define CK_AVX512_BF16 __attribute__((target("avx2,fma,f16c,avx512f,avx512bw,avx512vl,avx512dq,avx512vnni,avx512bf16")))
#else
#define CK_X86 0
#endif

enum {
    CK_TYPE_Q4_0 = 2,
    CK_TYPE_Q4_1 = 3,
    CK_TYPE_Q5_0 = 6,
    CK_TYPE_Q5_1 = 7,
    CK_TYPE_Q8_0 = 8,
    CK_TYPE_Q4_K = 12,
    CK_TYPE_Q5_K = 13,
    CK_TYPE_Q6_K = 14,
    CK_TYPE_BF16 = 30,
};

/// One quantised activation, split into its parts (see ckernels.h for the layout).
typedef struct ck_activation {
    const int8_t *q;
    const float *scale;
    /// Q8_1 only.
    const float *sum;
    /// Q8_K only.
    const int16_t *sums16;
    /// The bf16 formats: the high parts, and the low parts (BF16_PAIR only, else NULL).
    const uint16_t *high, *low;
} ck_activation;

ck_activation ck_activation_view(ck_activation_format format, const void *buffer, int64_t n);

/// The dot product of one weight row of `blocks` blocks with an activation.
typedef float (*ck_dot_fn)(const uint8_t *row, const ck_activation *a, int64_t blocks);

/// Activations the SIMD kernels multiply with one weight row at a time.
enum { CK_GROUP = 8 };

/// How llama.cpp orders the f32 sums of a K-quant product, which depends on its batch (legacy types sum
/// alike in every batch).
typedef enum ck_k_order {
    /// A lone token: Q4_K's GEMV (one fused add per super-block), Q6_K's vec_dot (8 lanes).
    CK_K_ORDER_SINGLE = 0,
    /// Q4_K tokens in the groups of 4 of its GEMM (one fused add per pair of sub-blocks); Q6_K batches of 8
    /// or more, its tiled kernel (one fused add per super-block).
    CK_K_ORDER_BATCHED = 1,
} ck_k_order;

/// out[a] = row · acts[a] for 1 ≤ count ≤ CK_GROUP activations.
typedef void (*ck_dots_fn)(const uint8_t *row, const ck_activation *acts, int count, int64_t blocks,
                           ck_k_order order, float *out);

/// Weight types with integer kernels, in the order of the kernel tables.
typedef enum ck_kernel {
    CK_KERNEL_Q4_0, CK_KERNEL_Q4_1, CK_KERNEL_Q5_0, CK_KERNEL_Q5_1, CK_KERNEL_Q8_0,
    CK_KERNEL_Q4_K, CK_KERNEL_Q5_K, CK_KERNEL_Q6_K, CK_KERNEL_COUNT
} ck_kernel;

extern const ck_dot_fn ck_scalar_dots[CK_KERNEL_COUNT];
void ck_quantize_scalar(ck_activation_format format, const float *x, int64_t n, void *out);
#if CK_X86
extern const ck_dots_fn ck_avx2_dots[CK_KERNEL_COUNT];
/// y[r] = row r · act for rows r in 0 ..< row_count (row r at rows + r · row_stride): the mat-vec of a
/// decode step, with the kernel inlined into the row loop (same results as ck_dots_fn with count 1).
typedef void (*ck_rows_fn)(const uint8_t *rows, size_t row_stride, int64_t row_count, const ck_activation *act,
                           int64_t blocks, float *y);
extern const ck_rows_fn ck_avx2_rows[CK_KERNEL_COUNT];
void ck_quantize_avx2(ck_activation_format format, const float *x, int64_t n, void *out);
extern const ck_dots_fn ck_avxvnni_dots[CK_KERNEL_COUNT];
extern const ck_rows_fn ck_avxvnni_rows[CK_KERNEL_COUNT];

/// AVX-512: out0[a] = row0 · acts[a] and out1[a] = row1 · acts[a] for 1 ≤ count ≤ CK_GROUP, the two rows in
/// the two 256-bit halves of each register, each computed exactly as the AVX2 kernel computes it.
typedef void (*ck_dots2_fn)(const uint8_t *row0, const uint8_t *row1, const ck_activation *acts, int count,
                            int64_t blocks, ck_k_order order, float *out0, float *out1);
extern const ck_dots2_fn ck_avx512_dots2[CK_KERNEL_COUNT];
#endif

/// bf16 rows (n elements each) times bf16 activations: y[a · y_stride + r] = row r · acts[a], per
/// instruction set (AVX2 widens to f32 and fuses multiply-adds; AVX-512 uses vdpbf16ps).
typedef void (*ck_bf16_rows_fn)(const uint16_t *rows, size_t row_stride, int64_t row_count, int64_t n,
                                const ck_activation *acts, int64_t count, float *y, int64_t y_stride);
void ck_bf16_rows_scalar(const uint16_t *rows, size_t row_stride, int64_t row_count, int64_t n,
                         const ck_activation *acts, int64_t count, float *y, int64_t y_stride);
void ck_bf16_split_scalar(const float *x, int64_t n, uint16_t *high, uint16_t *low);
#if CK_X86
void ck_bf16_rows_avx2(const uint16_t *rows, size_t row_stride, int64_t row_count, int64_t n,
                       const ck_activation *acts, int64_t count, float *y, int64_t y_stride);
void ck_bf16_rows_avx512(const uint16_t *rows, size_t row_stride, int64_t row_count, int64_t n,
                         const ck_activation *acts, int64_t count, float *y, int64_t y_stride);
#endif

static inline uint16_t ck_load_u16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static inline uint32_t ck_load_u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

static inline uint32_t ck_float_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static inline float ck_bits_float(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

/// f32 to bf16, nearest with ties to even (NaNs stay NaN), as ggml rounds.
static inline uint16_t ck_float_to_bf16(float f) {
    const uint32_t bits = ck_float_bits(f);
    if ((bits & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((bits >> 16) | 64);
    return (uint16_t)((bits + 0x7fffu + ((bits >> 16) & 1)) >> 16);
}

static inline float ck_bf16_to_float(uint16_t h) { return ck_bits_float((uint32_t)h << 16); }

/// f16 bits to f32, exactly (subnormals, infinities and NaNs included).
static inline float ck_half_to_float(uint16_t h) {
    const uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    const uint32_t magnitude = (uint32_t)(h & 0x7fff) << 13;
    // Moving the exponent field into f32 position and multiplying by 2^112 rebiases it; exponent 31
    // (infinity, NaN) is mapped to 255 instead.
    float value = ck_bits_float(magnitude) * 0x1p112f;
    if (magnitude >= 0x0f800000u) value = ck_bits_float(magnitude | 0x70000000u);
    return ck_bits_float(ck_float_bits(value) | sign);
}

/// f32 to the nearest f16 (ties to even), the rounding of the F16C instruction.
static inline uint16_t ck_float_to_half(float f) {
    const uint32_t bits = ck_float_bits(f);
    const uint16_t sign = (uint16_t)((bits >> 16) & 0x8000);
    const uint32_t magnitude = bits & 0x7fffffffu;
    if (magnitude > 0x7f800000u) return sign | 0x7e00;              // NaN
    if (magnitude >= 0x477ff000u) return sign | 0x7c00;             // rounds to infinity or is one
    if (magnitude < 0x38800000u) {                                  // f16 subnormal or zero
        // Adding 0.5 makes the FPU round the value onto a grid of 2^-24, the subnormal step.
        const float scaled = ck_bits_float(magnitude) + 0.5f;
        return sign | (uint16_t)(ck_float_bits(scaled) - ck_float_bits(0.5f));
    }
    const uint32_t odd = (magnitude >> 13) & 1;
    const uint32_t rounded = magnitude + 0xfff + odd - 0x38000000u;  // rebias 127 → 15, round to even
    return sign | (uint16_t)(rounded >> 13);
}

/// The integer nearest to v, ties to even (|v| < 2^22): adding 1.5·2^23 leaves the rounded value in the
/// low mantissa bits.
static inline int32_t ck_round_even(float v) {
    const float shifted = v + 12582912.0f;
    return (int32_t)(ck_float_bits(shifted) & 0x007fffff) - 0x00400000;
}

/// The eight 6-bit scales and minimums of a Q4_K / Q5_K super-block from their 12 packed bytes.
static inline void ck_k_scales(const uint8_t *packed, uint8_t scales[8], uint8_t minimums[8]) {
    for (int j = 0; j < 4; ++j) {
        scales[j] = packed[j] & 63;
        minimums[j] = packed[j + 4] & 63;
        scales[j + 4] = (uint8_t)((packed[j + 8] & 15) | ((packed[j] >> 6) << 4));
        minimums[j + 4] = (uint8_t)((packed[j + 8] >> 4) | ((packed[j + 4] >> 6) << 4));
    }
}

#endif
