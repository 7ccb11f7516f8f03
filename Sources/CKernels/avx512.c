// AVX-512 (F/BW/VL/DQ/VNNI) dot products. Each register carries two weight rows, row 0 in its low 256-bit
// half and row 1 in its high half, against the same activation broadcast to both halves; every half computes
// the very lanes of the AVX2 kernel (avx256_kernels.h) and adds them in its order, so the results are the
// AVX2 kernel's (llama.cpp's) bit for bit, at twice the work per instruction. VNNI's vpdpbusd / vpdpwssd
// fuse the byte and word multiply-adds with their add; AVX-512 has no byte sign instruction, so signed
// weights take their magnitudes and move their signs onto the activation with a masked subtraction.
#include "internal.h"

#if CK_X86
#include <immintrin.h>
#include <math.h>

#define CK_INLINE inline __attribute__((always_inline))

CK_AVX512 static inline float half(const uint8_t *p) { return _cvtsh_ss(ck_load_u16(p)); }

/// The AVX2 kernels' sum of 8 lanes (halves, then pairs two apart, then the last two).
CK_AVX512 static inline float sum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

CK_AVX512 static inline float low_lane(__m512 v) { return _mm512_cvtss_f32(v); }
CK_AVX512 static inline float high_lane(__m512 v) { return _mm256_cvtss_f32(_mm512_extractf32x8_ps(v, 1)); }

/// The integer sums of the 8 lanes of each half (integers: any order gives the same).
CK_AVX512 static inline void sum8i_halves(__m512i v, int32_t *low, int32_t *high) {
    const __m512i pairs = _mm512_add_epi32(v, _mm512_shuffle_i32x4(v, v, _MM_SHUFFLE(2, 3, 0, 1)));
    const __m512i quads = _mm512_add_epi32(pairs, _mm512_shuffle_epi32(pairs, (_MM_PERM_ENUM)0x4e));
    const __m512i all = _mm512_add_epi32(quads, _mm512_shuffle_epi32(quads, (_MM_PERM_ENUM)0xb1));
    *low = _mm_cvtsi128_si32(_mm512_castsi512_si128(all));
    *high = _mm_cvtsi128_si32(_mm512_extracti32x4_epi32(all, 2));
}

/// t[r][i] = the sum of the 8 lanes of half r of s[i], for four vectors at once: interleaving adds leave
/// each 128-bit lane holding its part of the four sums, then the two lanes of each half are added.
CK_AVX512 static inline void sum8i_halves4(const __m512i s[4], int32_t t[2][4]) {
    const __m512i s01 = _mm512_add_epi32(_mm512_unpacklo_epi32(s[0], s[1]), _mm512_unpackhi_epi32(s[0], s[1]));
    const __m512i s23 = _mm512_add_epi32(_mm512_unpacklo_epi32(s[2], s[3]), _mm512_unpackhi_epi32(s[2], s[3]));
    const __m512i all = _mm512_add_epi32(_mm512_unpacklo_epi64(s01, s23), _mm512_unpackhi_epi64(s01, s23));
    const __m512i rows = _mm512_add_epi32(all, _mm512_shuffle_i32x4(all, all, _MM_SHUFFLE(2, 3, 0, 1)));
    _mm_storeu_si128((__m128i *)t[0], _mm512_castsi512_si128(rows));
    _mm_storeu_si128((__m128i *)t[1], _mm512_extracti32x4_epi32(rows, 2));
}

CK_AVX512 static inline __m512i pair256(__m256i low, __m256i high) {
    return _mm512_inserti64x4(_mm512_castsi256_si512(low), high, 1);
}

CK_AVX512 static inline __m512 pair_ps(float low, float high) {
    return _mm512_insertf32x8(_mm512_set1_ps(low), _mm256_set1_ps(high), 1);
}

CK_AVX512 static inline __m256i load32(const void *p) { return _mm256_loadu_si256((const __m256i *)p); }

CK_AVX512 static inline __m512i load_pair(const uint8_t *p0, const uint8_t *p1) {
    return pair256(load32(p0), load32(p1));
}

/// 32 activation bytes in both halves.
CK_AVX512 static inline __m512i broadcast32(const int8_t *p) { return _mm512_broadcast_i64x4(load32(p)); }

/// The 32 nibbles of the legacy blocks at p0 and p1 as bytes in element order (low halves, then high
/// halves), one block per half.
CK_AVX512 static inline __m512i nibbles_pair(const uint8_t *p0, const uint8_t *p1) {
    const __m256i packed = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)p0)),
                                                   _mm_loadu_si128((const __m128i *)p1), 1);
    // 128-bit lanes p0, p0, p1, p1, the second copy of each shifted to its high nibbles.
    const __m512i twice = _mm512_permutexvar_epi64(_mm512_setr_epi64(0, 1, 0, 1, 2, 3, 2, 3),
                                                   _mm512_castsi256_si512(packed));
    const long long four = 0x0004000400040004LL;
    const __m512i shifts = _mm512_setr_epi64(0, 0, four, four, 0, 0, four, four);
    return _mm512_and_si512(_mm512_srlv_epi16(twice, shifts), _mm512_set1_epi8(15));
}

// ---- Legacy blocks ---------------------------------------------------------------------------------

/// Legacy types (layout arguments as in avx256_kernels.h): per row and activation one accumulator of 8
/// lanes takes each block's scaled integer sums in turn; the minimum terms are summed apart (exact
/// products, so the fused add rounds as AVX2's separate one) and added at the end.
CK_AVX512 static CK_INLINE void dot_legacy2(const uint8_t *row0, const uint8_t *row1, const ck_activation *acts,
                                            int count, int64_t blocks, float *out0, float *out1, int bytes,
                                            int quants_at, int fifth_at, int minimum_at, int bias, int eight_bit) {
    const int is_unsigned = minimum_at >= 0;
    __m512 acc[CK_GROUP], offsets[CK_GROUP];
    for (int a = 0; a < count; ++a) { acc[a] = _mm512_setzero_ps(); offsets[a] = _mm512_setzero_ps(); }
    for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t *b0 = row0 + (size_t)bytes * b, *b1 = row1 + (size_t)bytes * b;
        __m512i q;
        if (eight_bit) {
            q = load_pair(b0 + quants_at, b1 + quants_at);
        } else {
            q = nibbles_pair(b0 + quants_at, b1 + quants_at);
            if (fifth_at >= 0) {
                const __mmask64 fifth = (uint64_t)ck_load_u32(b0 + fifth_at) | (uint64_t)ck_load_u32(b1 + fifth_at) << 32;
                q = _mm512_or_si512(q, _mm512_maskz_mov_epi8(fifth, _mm512_set1_epi8(16)));
            }
            if (!is_unsigned) q = _mm512_sub_epi8(q, _mm512_set1_epi8((char)bias));
        }
        const __mmask64 negative = is_unsigned ? 0 : _mm512_movepi8_mask(q);
        const __m512i magnitude = is_unsigned ? q : _mm512_abs_epi8(q);
        const __m512 scales = pair_ps(half(b0), half(b1));
        const __m512 minimums = is_unsigned ? pair_ps(half(b0 + minimum_at), half(b1 + minimum_at)) : scales;
        for (int a = 0; a < count; ++a) {
            __m512i y = broadcast32(acts[a].q + 32 * b);
            if (!is_unsigned) y = _mm512_mask_sub_epi8(y, negative, _mm512_setzero_si512(), y);
            const __m512i s = _mm512_dpbusd_epi32(_mm512_setzero_si512(), magnitude, y);
            const __m512 combined = _mm512_mul_ps(scales, _mm512_set1_ps(acts[a].scale[b]));
            acc[a] = _mm512_fmadd_ps(combined, _mm512_cvtepi32_ps(s), acc[a]);
            if (is_unsigned) offsets[a] = _mm512_fmadd_ps(minimums, _mm512_set1_ps(acts[a].sum[b]), offsets[a]);
        }
    }
    for (int a = 0; a < count; ++a) {
        out0[a] = sum8(_mm512_castps512_ps256(acc[a])) + low_lane(offsets[a]);
        out1[a] = sum8(_mm512_extractf32x8_ps(acc[a], 1)) + high_lane(offsets[a]);
    }
}

// ---- K super-blocks --------------------------------------------------------------------------------

/// Q4_K and Q5_K, summed as the AVX2 kernel sums them (see there): per sub-block the byte products in
/// pairs, weighted by the sub-block's scale into 32-bit lanes; Q4_K then adds integer totals (per
/// super-block, or per pair of sub-blocks when batched) to one scalar sum, Q5_K keeps 8 lanes.
CK_AVX512 static CK_INLINE void dot_q45_k2(const uint8_t *row0, const uint8_t *row1, const ck_activation *acts,
                                           int count, int64_t blocks, ck_k_order order, float *out0, float *out1,
                                           int has_fifth) {
    const size_t block_bytes = has_fifth ? 176 : 144;
    const __m512i low_mask = _mm512_set1_epi8(15), one = _mm512_set1_epi8(1);
    const int in_pairs = !has_fifth && order == CK_K_ORDER_BATCHED;
    __m512 acc[CK_GROUP];
    float sums[2][CK_GROUP], offsets[2][CK_GROUP];
    for (int a = 0; a < count; ++a) {
        acc[a] = _mm512_setzero_ps();
        for (int r = 0; r < 2; ++r) { sums[r][a] = 0; offsets[r][a] = 0; }
    }
    for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t *block[2] = { row0 + block_bytes * b, row1 + block_bytes * b };
        uint8_t scales[2][8], minimums[2][8];
        float d[2], dmin[2];
        for (int r = 0; r < 2; ++r) {
            ck_k_scales(block[r] + 4, scales[r], minimums[r]);
            d[r] = half(block[r]);
            dmin[r] = half(block[r] + 2);
        }
        const int nibbles_at = has_fifth ? 48 : 16;
        __m512i fifth = has_fifth ? load_pair(block[0] + 16, block[1] + 16) : _mm512_setzero_si512();
        __m512i lo[4], hi[4], scale_lo[4], scale_hi[4];
        for (int i = 0; i < 4; ++i) {
            const __m512i bytes = load_pair(block[0] + nibbles_at + 32 * i, block[1] + nibbles_at + 32 * i);
            lo[i] = _mm512_and_si512(bytes, low_mask);
            hi[i] = _mm512_and_si512(_mm512_srli_epi16(bytes, 4), low_mask);
            if (has_fifth) {
                lo[i] = _mm512_or_si512(lo[i], _mm512_slli_epi16(_mm512_and_si512(fifth, one), 4));
                hi[i] = _mm512_or_si512(hi[i], _mm512_slli_epi16(_mm512_and_si512(_mm512_srli_epi16(fifth, 1), one), 4));
                fifth = _mm512_srli_epi16(fifth, 2);
            }
            scale_lo[i] = pair256(_mm256_set1_epi16(scales[0][2 * i]), _mm256_set1_epi16(scales[1][2 * i]));
            scale_hi[i] = pair256(_mm256_set1_epi16(scales[0][2 * i + 1]), _mm256_set1_epi16(scales[1][2 * i + 1]));
        }
        for (int a = 0; a < count; ++a) {
            const int8_t *y = acts[a].q + 256 * b;
            const int16_t *sums16 = acts[a].sums16 + 16 * b;
            const float ys = acts[a].scale[b];
            __m512i s[4];
            for (int i = 0; i < 4; ++i) {
                const __m512i products_lo = _mm512_maddubs_epi16(lo[i], broadcast32(y + 64 * i));
                const __m512i products_hi = _mm512_maddubs_epi16(hi[i], broadcast32(y + 64 * i + 32));
                s[i] = _mm512_dpwssd_epi32(_mm512_dpwssd_epi32(_mm512_setzero_si512(), products_lo, scale_lo[i]),
                                           products_hi, scale_hi[i]);
            }
            // The minimum terms per pair of sub-blocks, exact integers.
            int32_t pair_offsets[2][4];
            for (int r = 0; r < 2; ++r)
                for (int i = 0; i < 4; ++i)
                    pair_offsets[r][i] = minimums[r][2 * i] * (sums16[4 * i] + sums16[4 * i + 1])
                                       + minimums[r][2 * i + 1] * (sums16[4 * i + 2] + sums16[4 * i + 3]);
            if (has_fifth) {
                const __m512i total = _mm512_add_epi32(_mm512_add_epi32(s[0], s[1]), _mm512_add_epi32(s[2], s[3]));
                const __m512 combined = _mm512_mul_ps(pair_ps(d[0], d[1]), _mm512_set1_ps(ys));
                acc[a] = _mm512_fmadd_ps(combined, _mm512_cvtepi32_ps(total), acc[a]);
                for (int r = 0; r < 2; ++r) {
                    const int32_t offset = pair_offsets[r][0] + pair_offsets[r][1] + pair_offsets[r][2] + pair_offsets[r][3];
                    offsets[r][a] += dmin[r] * ys * (float)offset;
                }
                continue;
            }
            int32_t totals[2][4];
            sum8i_halves4(s, totals);
            for (int r = 0; r < 2; ++r) {
                if (in_pairs) {
                    for (int i = 0; i < 4; ++i) {
                        sums[r][a] = fmaf((float)totals[r][i], d[r] * ys, sums[r][a]);
                        offsets[r][a] = fmaf((float)pair_offsets[r][i], dmin[r] * ys, offsets[r][a]);
                    }
                } else {
                    const int32_t total = totals[r][0] + totals[r][1] + totals[r][2] + totals[r][3];
                    const int32_t offset = pair_offsets[r][0] + pair_offsets[r][1] + pair_offsets[r][2] + pair_offsets[r][3];
                    sums[r][a] = fmaf((float)total, d[r] * ys, sums[r][a]);
                    offsets[r][a] = fmaf((float)offset, dmin[r] * ys, offsets[r][a]);
                }
            }
        }
    }
    for (int a = 0; a < count; ++a) {
        if (has_fifth) {
            sums[0][a] = sum8(_mm512_castps512_ps256(acc[a]));
            sums[1][a] = sum8(_mm512_extractf32x8_ps(acc[a], 1));
        }
        out0[a] = sums[0][a] - offsets[0][a];
        out1[a] = sums[1][a] - offsets[1][a];
    }
}

/// Q6_K as the AVX2 kernel: unsigned quants, the −32 applied through the activation's sums of 16; 8 lanes
/// of sums for a lone activation, one scalar sum per row for batches of 8 or more.
CK_AVX512 static CK_INLINE void dot_q6_k2(const uint8_t *row0, const uint8_t *row1, const ck_activation *acts,
                                          int count, int64_t blocks, ck_k_order order, float *out0, float *out1) {
    const __m512i low_mask = _mm512_set1_epi8(15);
    const __m512i m03 = _mm512_set1_epi8(0x03), m0c = _mm512_set1_epi8(0x0c), m30 = _mm512_set1_epi8(0x30);
    // Per part p of a half: 16-bit scale 2p in the low 128 bits of each row's half, 2p + 1 in the high ones.
    __m512i pick[4];
    for (int p = 0; p < 4; ++p) {
        const char lo = (char)(4 * p), hi = (char)(4 * p + 2);
        pick[p] = _mm512_broadcast_i64x4(_mm256_setr_epi8(
            lo, lo + 1, lo, lo + 1, lo, lo + 1, lo, lo + 1, lo, lo + 1, lo, lo + 1, lo, lo + 1, lo, lo + 1,
            hi, hi + 1, hi, hi + 1, hi, hi + 1, hi, hi + 1, hi, hi + 1, hi, hi + 1, hi, hi + 1, hi, hi + 1));
    }
    __m512 acc[CK_GROUP];
    float sums[2][CK_GROUP];
    for (int a = 0; a < count; ++a) { acc[a] = _mm512_setzero_ps(); sums[0][a] = 0; sums[1][a] = 0; }
    for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t *b0 = row0 + 210 * b, *b1 = row1 + 210 * b;
        const __m512i scales = pair256(_mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(b0 + 192))),
                                       _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(b1 + 192))));
        __m512i q[2][4], part_scales[2][4];
        for (int h = 0; h < 2; ++h) {
            const __m512i ql0 = load_pair(b0 + 64 * h, b1 + 64 * h), ql1 = load_pair(b0 + 64 * h + 32, b1 + 64 * h + 32);
            const __m512i qh = load_pair(b0 + 128 + 32 * h, b1 + 128 + 32 * h);
            q[h][0] = _mm512_or_si512(_mm512_and_si512(ql0, low_mask), _mm512_slli_epi16(_mm512_and_si512(qh, m03), 4));
            q[h][1] = _mm512_or_si512(_mm512_and_si512(ql1, low_mask), _mm512_slli_epi16(_mm512_and_si512(qh, m0c), 2));
            q[h][2] = _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi16(ql0, 4), low_mask), _mm512_and_si512(qh, m30));
            q[h][3] = _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi16(ql1, 4), low_mask),
                                      _mm512_and_si512(_mm512_srli_epi16(qh, 2), m30));
            // Scales 8h ..< 8h + 8 of each row in both 128-bit lanes of its half, then spread per part.
            const __m512i half_scales = h ? _mm512_shuffle_i64x2(scales, scales, 0xf5)
                                          : _mm512_shuffle_i64x2(scales, scales, 0xa0);
            for (int p = 0; p < 4; ++p) part_scales[h][p] = _mm512_shuffle_epi8(half_scales, pick[p]);
        }
        const float d0 = half(b0 + 208), d1 = half(b1 + 208);
        for (int a = 0; a < count; ++a) {
            const int8_t *y = acts[a].q + 256 * b;
            __m512i s = _mm512_setzero_si512();
            for (int h = 0; h < 2; ++h)
                for (int p = 0; p < 4; ++p)
                    s = _mm512_dpwssd_epi32(s, _mm512_maddubs_epi16(q[h][p], broadcast32(y + 128 * h + 32 * p)),
                                            part_scales[h][p]);
            const __m512i offset = _mm512_madd_epi16(_mm512_broadcast_i64x4(load32(acts[a].sums16 + 16 * b)), scales);
            const __m512i total = _mm512_sub_epi32(s, _mm512_slli_epi32(offset, 5));
            const float ys = acts[a].scale[b];
            if (order == CK_K_ORDER_BATCHED) {
                int32_t t0, t1;
                sum8i_halves(total, &t0, &t1);
                sums[0][a] = fmaf(d0 * (float)t0, ys, sums[0][a]);
                sums[1][a] = fmaf(d1 * (float)t1, ys, sums[1][a]);
            } else {
                const __m512 combined = _mm512_mul_ps(pair_ps(d0, d1), _mm512_set1_ps(ys));
                acc[a] = _mm512_fmadd_ps(combined, _mm512_cvtepi32_ps(total), acc[a]);
            }
        }
    }
    for (int a = 0; a < count; ++a) {
        out0[a] = order == CK_K_ORDER_BATCHED ? sums[0][a] : sum8(_mm512_castps512_ps256(acc[a]));
        out1[a] = order == CK_K_ORDER_BATCHED ? sums[1][a] : sum8(_mm512_extractf32x8_ps(acc[a], 1));
    }
}

// Each kernel specialised for a full group and for one activation (the two counts the row loop uses most).
#define CK_DOTS2(name, call)                                                                                 \
    CK_AVX512 static void name(const uint8_t *row0, const uint8_t *row1, const ck_activation *acts, int count, \
                               int64_t blocks, ck_k_order order, float *out0, float *out1) {                  \
        (void)order;                                                                                          \
        if (count == CK_GROUP) {                                                                              \
            const int n = CK_GROUP; const ck_activation *a = acts; float *o0 = out0, *o1 = out1;              \
            call;                                                                                             \
            return;                                                                                           \
        }                                                                                                     \
        for (int k = 0; k < count; ++k) {                                                                     \
            const int n = 1; const ck_activation *a = acts + k; float *o0 = out0 + k, *o1 = out1 + k;         \
            call;                                                                                             \
        }                                                                                                     \
    }

CK_DOTS2(dots2_q4_0, dot_legacy2(row0, row1, a, n, blocks, o0, o1, 18, 2, -1, -1, 8, 0))
CK_DOTS2(dots2_q4_1, dot_legacy2(row0, row1, a, n, blocks, o0, o1, 20, 4, -1, 2, 0, 0))
CK_DOTS2(dots2_q5_0, dot_legacy2(row0, row1, a, n, blocks, o0, o1, 22, 6, 2, -1, 16, 0))
CK_DOTS2(dots2_q5_1, dot_legacy2(row0, row1, a, n, blocks, o0, o1, 24, 8, 4, 2, 0, 0))
CK_DOTS2(dots2_q8_0, dot_legacy2(row0, row1, a, n, blocks, o0, o1, 34, 2, -1, -1, 0, 1))
CK_DOTS2(dots2_q4_k, dot_q45_k2(row0, row1, a, n, blocks, order, o0, o1, 0))
CK_DOTS2(dots2_q5_k, dot_q45_k2(row0, row1, a, n, blocks, order, o0, o1, 1))
CK_DOTS2(dots2_q6_k, dot_q6_k2(row0, row1, a, n, blocks, order, o0, o1))

const ck_dots2_fn ck_avx512_dots2[CK_KERNEL_COUNT] = {
    [CK_KERNEL_Q4_0] = dots2_q4_0, [CK_KERNEL_Q4_1] = dots2_q4_1, [CK_KERNEL_Q5_0] = dots2_q5_0,
    [CK_KERNEL_Q5_1] = dots2_q5_1, [CK_KERNEL_Q8_0] = dots2_q8_0, [CK_KERNEL_Q4_K] = dots2_q4_k,
    [CK_KERNEL_Q5_K] = dots2_q5_k, [CK_KERNEL_Q6_K] = dots2_q6_k,
};

#endif
