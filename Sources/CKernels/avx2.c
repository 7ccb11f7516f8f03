// AVX2/FMA/F16C versions of the activation quantisation and the dot products, compiled for those
// instructions function by function so that the rest of the binary stays baseline x86-64.
#include "internal.h"

#if CK_X86
#include <immintrin.h>
#include <math.h>

#define CK_TARGET CK_AVX2
#define CK_WITH_VNNI 0
#define CK_TABLE(name) ck_avx2_##name
#include "avx256_kernels.h"

// ---- Activation quantisation -----------------------------------------------------------------------

/// 32 int32 lanes (four vectors in element order) narrowed to 32 bytes in element order.
CK_AVX2 static inline __m256i narrow32(__m256i i0, __m256i i1, __m256i i2, __m256i i3) {
    // The packs work within 128-bit halves, leaving the eight groups of four in order 0 2 4 6 1 3 5 7.
    const __m256i bytes = _mm256_packs_epi16(_mm256_packs_epi32(i0, i1), _mm256_packs_epi32(i2, i3));
    return _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
}

CK_AVX2 static inline float max8(__m256 v) {
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_movehdup_ps(m));
    return _mm_cvtss_f32(m);
}

CK_AVX2 static inline __m256i round_to_int(__m256 v) {
    return _mm256_cvtps_epi32(_mm256_round_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
}

CK_AVX2 static void quantize_32(const float *x, int64_t n, int8_t *q, float *scales, float *sums) {
    const __m256 magnitude_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    for (int64_t b = 0; b < n / 32; ++b) {
        const float *xb = x + 32 * b;
        const __m256 v0 = _mm256_loadu_ps(xb), v1 = _mm256_loadu_ps(xb + 8);
        const __m256 v2 = _mm256_loadu_ps(xb + 16), v3 = _mm256_loadu_ps(xb + 24);
        const __m256 m01 = _mm256_max_ps(_mm256_and_ps(v0, magnitude_mask), _mm256_and_ps(v1, magnitude_mask));
        const __m256 m23 = _mm256_max_ps(_mm256_and_ps(v2, magnitude_mask), _mm256_and_ps(v3, magnitude_mask));
        const float amax = max8(_mm256_max_ps(m01, m23));
        const float d = amax / 127.0f;
        const __m256 id = _mm256_set1_ps(amax != 0.0f ? 127.0f / amax : 0.0f);
        const __m256i i0 = round_to_int(_mm256_mul_ps(v0, id)), i1 = round_to_int(_mm256_mul_ps(v1, id));
        const __m256i i2 = round_to_int(_mm256_mul_ps(v2, id)), i3 = round_to_int(_mm256_mul_ps(v3, id));
        _mm256_storeu_si256((__m256i *)(q + 32 * b), narrow32(i0, i1, i2, i3));
        scales[b] = _cvtsh_ss(_cvtss_sh(d, 0));
        if (sums) {
            const int32_t total = sum8i(_mm256_add_epi32(_mm256_add_epi32(i0, i1), _mm256_add_epi32(i2, i3)));
            sums[b] = _cvtsh_ss(_cvtss_sh(d * (float)total, 0));
        }
    }
}

CK_AVX2 static void quantize_256(const float *x, int64_t n, int8_t *q, float *scales, int16_t *sums) {
    const __m256 magnitude_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    for (int64_t b = 0; b < n / 256; ++b) {
        const float *xb = x + 256 * b;
        int8_t *qb = q + 256 * b;
        __m256 m = _mm256_setzero_ps();
        for (int j = 0; j < 256; j += 8) m = _mm256_max_ps(m, _mm256_and_ps(_mm256_loadu_ps(xb + j), magnitude_mask));
        const float amax = max8(m);
        if (amax == 0) {
            scales[b] = 0;
            memset(qb, 0, 256);
            memset(sums + 16 * b, 0, 16 * sizeof(int16_t));
            continue;
        }
        int first = 0;
        while (first < 255 && (ck_float_bits(xb[first]) & 0x7fffffffu) != ck_float_bits(amax)) ++first;
        const float iscale = -127.0f / xb[first];
        const __m256 scale = _mm256_set1_ps(iscale);
        const __m256i top = _mm256_set1_epi32(127);
        for (int j = 0; j < 256; j += 32) {
            __m256i i[4];
            for (int k = 0; k < 4; ++k) {
                i[k] = _mm256_min_epi32(round_to_int(_mm256_mul_ps(_mm256_loadu_ps(xb + j + 8 * k), scale)), top);
            }
            _mm256_storeu_si256((__m256i *)(qb + j), narrow32(i[0], i[1], i[2], i[3]));
            sums[16 * b + j / 16] = (int16_t)sum8i(_mm256_add_epi32(i[0], i[1]));
            sums[16 * b + j / 16 + 1] = (int16_t)sum8i(_mm256_add_epi32(i[2], i[3]));
        }
        scales[b] = 1.0f / iscale;
    }
}

CK_AVX2 void ck_quantize_avx2(ck_activation_format format, const float *x, int64_t n, void *out) {
    int8_t *q = out;
    float *scales = (float *)(q + n);
    switch (format) {
    case CK_ACTIVATION_Q8_0: quantize_32(x, n, q, scales, NULL); break;
    case CK_ACTIVATION_Q8_1: quantize_32(x, n, q, scales, scales + n / 32); break;
    case CK_ACTIVATION_Q8_K: quantize_256(x, n, q, scales, (int16_t *)(scales + n / 256)); break;
    default: break;
    }
}

#endif
