// bf16 weight rows times activations split into bf16 parts (ckernels.h, the BF16 formats). Every product of
// two bf16 values is exact in f32, so the versions differ only in how they order the f32 sums.
#include "internal.h"

#include <math.h>

void ck_bf16_split_scalar(const float *x, int64_t n, uint16_t *high, uint16_t *low) {
    for (int64_t i = 0; i < n; ++i) {
        high[i] = ck_float_to_bf16(x[i]);
        if (!low) continue;
        // x − high is exact in f32 (it is x's low mantissa bits); infinities and NaNs have no rest.
        const float rest = x[i] - ck_bf16_to_float(high[i]);
        low[i] = isfinite(rest) ? ck_float_to_bf16(rest) : 0;
    }
}

void ck_bf16_rows_scalar(const uint16_t *rows, size_t row_stride, int64_t row_count, int64_t n,
                         const ck_activation *acts, int64_t count, float *y, int64_t y_stride) {
    for (int64_t r = 0; r < row_count; ++r) {
        const uint16_t *row = (const uint16_t *)((const uint8_t *)rows + (size_t)r * row_stride);
        for (int64_t a = 0; a < count; ++a) {
            float total = 0;
            for (int64_t i = 0; i < n; ++i) {
                const float w = ck_bf16_to_float(row[i]);
                total += w * ck_bf16_to_float(acts[a].high[i]);
                if (acts[a].low) total += w * ck_bf16_to_float(acts[a].low[i]);
            }
            y[a * y_stride + r] = total;
        }
    }
}

#if CK_X86
#include <immintrin.h>

#define CK_INLINE inline __attribute__((always_inline))

/// 8 bf16 values widened to f32.
CK_AVX2 static inline __m256 widen8(const uint16_t *p) {
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)p)), 16));
}

CK_AVX2 static inline float sum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/// AVX2: weights and parts widened to f32, fused multiply-adds over 8 lanes, the tail in scalar.
CK_AVX2 void ck_bf16_rows_avx2(const uint16_t *rows, size_t row_stride, int64_t row_count, int64_t n,
                               const ck_activation *acts, int64_t count, float *y, int64_t y_stride) {
    const int64_t whole = n & ~(int64_t)7;
    for (int64_t r = 0; r < row_count; ++r) {
        const uint16_t *row = (const uint16_t *)((const uint8_t *)rows + (size_t)r * row_stride);
        for (int64_t a = 0; a < count; ++a) {
            __m256 acc = _mm256_setzero_ps();
            for (int64_t i = 0; i < whole; i += 8) {
                const __m256 w = widen8(row + i);
                acc = _mm256_fmadd_ps(w, widen8(acts[a].high + i), acc);
                if (acts[a].low) acc = _mm256_fmadd_ps(w, widen8(acts[a].low + i), acc);
            }
            float total = sum8(acc);
            for (int64_t i = whole; i < n; ++i) {
                const float w = ck_bf16_to_float(row[i]);
                total += w * ck_bf16_to_float(acts[a].high[i]);
                if (acts[a].low) total += w * ck_bf16_to_float(acts[a].low[i]);
            }
            y[a * y_stride + r] = total;
        }
    }
}

/// 32 bf16 values from p (the first `mask` bits' worth; the rest zero).
CK_AVX512_BF16 static inline __m512bh load_bf16(const uint16_t *p, __mmask32 mask) {
    return (__m512bh)_mm512_maskz_loadu_epi16(mask, p);
}

/// AVX-512 BF16: `row_count` (≤ 4) rows times `count` (≤ CK_GROUP) activations, 32 elements per
/// vdpbf16ps, one accumulator per row and activation, both parts into the same accumulator.
CK_AVX512_BF16 static CK_INLINE void bf16_block(const uint16_t *rows[4], int row_count, const ck_activation *acts,
                                                int count, int64_t n, float *out[4]) {
    __m512 acc[4][CK_GROUP];
    for (int r = 0; r < row_count; ++r)
        for (int a = 0; a < count; ++a) acc[r][a] = _mm512_setzero_ps();
    const int pair = acts[0].low != NULL;
    for (int64_t i = 0; i < n; i += 32) {
        const __mmask32 mask = n - i >= 32 ? 0xffffffffu : (__mmask32)((1u << (n - i)) - 1);
        __m512bh w[4];
        for (int r = 0; r < row_count; ++r) w[r] = load_bf16(rows[r] + i, mask);
        for (int a = 0; a < count; ++a) {
            const __m512bh high = load_bf16(acts[a].high + i, mask);
            for (int r = 0; r < row_count; ++r) acc[r][a] = _mm512_dpbf16_ps(acc[r][a], w[r], high);
            if (pair) {
                const __m512bh low = load_bf16(acts[a].low + i, mask);
                for (int r = 0; r < row_count; ++r) acc[r][a] = _mm512_dpbf16_ps(acc[r][a], w[r], low);
            }
        }
    }
    for (int r = 0; r < row_count; ++r)
        for (int a = 0; a < count; ++a) out[r][a] = _mm512_reduce_add_ps(acc[r][a]);
}

CK_AVX512_BF16 void ck_bf16_rows_avx512(const uint16_t *rows, size_t row_stride, int64_t row_count, int64_t n,
                                        const ck_activation *acts, int64_t count, float *y, int64_t y_stride) {
    // A full group of activations goes 2 rows at a time (16 accumulators); fewer go 4 rows at a time, so a
    // lone activation (decode) still has 4 independent chains of additions.
    const int rows_per_step = count == CK_GROUP ? 2 : 4;
    for (int64_t r = 0; r < row_count; r += rows_per_step) {
        const int take = row_count - r < rows_per_step ? (int)(row_count - r) : rows_per_step;
        const uint16_t *row[4];
        float results[4][CK_GROUP], *out[4] = { results[0], results[1], results[2], results[3] };
        for (int k = 0; k < take; ++k) {
            row[k] = (const uint16_t *)((const uint8_t *)rows + (size_t)(r + k) * row_stride);
        }
        if (count == CK_GROUP && take == 2) {
            bf16_block(row, 2, acts, CK_GROUP, n, out);
        } else {
            for (int64_t a = 0; a < count; ++a) {
                float *single[4] = { out[0] + a, out[1] + a, out[2] + a, out[3] + a };
                if (take == 4) bf16_block(row, 4, acts + a, 1, n, single);
                else bf16_block(row, take, acts + a, 1, n, single);
            }
        }
        for (int k = 0; k < take; ++k)
            for (int64_t a = 0; a < count; ++a) y[a * y_stride + r + k] = results[k][a];
    }
}
#endif
