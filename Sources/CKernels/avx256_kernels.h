// The 256-bit dot-product kernels, compiled twice: for AVX2 (avx2.c) and for AVX-VNNI (avxvnni.c), where
// one VNNI instruction replaces each multiply-add pair and its add. Both compute the same 32-bit lanes (the
// products never saturate AVX2's 16-bit pair sums for these types' ranges), so their results are identical.
//
// The including file defines CK_TARGET (the target attribute), CK_WITH_VNNI (0 or 1) and CK_TABLE(name)
// (the names of the kernel tables), and includes <immintrin.h>.

CK_TARGET static inline float half(const uint8_t *p) { return _cvtsh_ss(ck_load_u16(p)); }

CK_TARGET static inline float sum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

CK_TARGET static inline int32_t sum8i(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_unpackhi_epi64(s, s));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 1));
    return _mm_cvtsi128_si32(s);
}

CK_TARGET static inline __m256i load32(const void *p) { return _mm256_loadu_si256((const __m256i *)p); }

/// The 32 nibbles of a legacy block as bytes in element order: low halves, then high halves.
CK_TARGET static inline __m256i nibbles32(const uint8_t *p) {
    const __m128i packed = _mm_loadu_si128((const __m128i *)p);
    const __m256i both = _mm256_inserti128_si256(_mm256_castsi128_si256(packed), _mm_srli_epi16(packed, 4), 1);
    return _mm256_and_si256(both, _mm256_set1_epi8(15));
}

/// 16 in byte j where bit j of `bits` is set, else 0.
CK_TARGET static inline __m256i fifth_bits32(uint32_t bits) {
    // Byte j takes byte j / 8 of the word, then keeps only its bit j % 8.
    const __m256i spread = _mm256_shuffle_epi8(_mm256_set1_epi32((int)bits),
        _mm256_setr_epi64x(0, 0x0101010101010101, 0x0202020202020202, 0x0303030303030303));
    const __m256i select = _mm256_set1_epi64x((long long)0x8040201008040201ULL);
    const __m256i set = _mm256_cmpeq_epi8(_mm256_and_si256(spread, select), select);
    return _mm256_and_si256(set, _mm256_set1_epi8(16));
}

/// Σ u·s over groups of four bytes, u unsigned (at most 127 · 2 · 255 per pair, no saturation for our
/// ranges) and s signed.
CK_TARGET static inline __m256i dot_u8(__m256i u, __m256i s) {
#if CK_WITH_VNNI
    return _mm256_dpbusd_avx_epi32(_mm256_setzero_si256(), u, s);
#else
    return _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1));
#endif
}

/// acc + the sums of neighbouring products of 16-bit a and b (VNNI fuses the add).
CK_TARGET static inline __m256i add_madd16(__m256i acc, __m256i a, __m256i b) {
#if CK_WITH_VNNI
    return _mm256_dpwssd_avx_epi32(acc, a, b);
#else
    return _mm256_add_epi32(acc, _mm256_madd_epi16(a, b));
#endif
}

// ---- Legacy blocks ---------------------------------------------------------------------------------

#define CK_INLINE inline __attribute__((always_inline))

// Every kernel computes one weight row against `count` activations at once (1 ≤ count ≤ CK_GROUP):
// the weights are unpacked once per block and reused for each activation, which is what makes
// batched products (prefill) cheaper per token than repeated mat-vecs. Each kernel is specialised for
// count = CK_GROUP and count = 1, the two cases the row loop uses.

/// A legacy block's 32 weight quants, ready for maddubs: unsigned (0..15 or 0..31) for the types with
/// a minimum, otherwise their magnitudes, with `sign` holding the signs to move onto the activation.
typedef struct { __m256i magnitude, sign; } legacy_quants;

CK_TARGET static CK_INLINE legacy_quants legacy_block(const uint8_t *block, int quants_at, int fifth_at,
                                                    int minimum_at, int bias, int eight_bit) {
    __m256i q;
    if (eight_bit) {
        q = load32(block + quants_at);
    } else {
        q = nibbles32(block + quants_at);
        if (fifth_at >= 0) q = _mm256_or_si256(q, fifth_bits32(ck_load_u32(block + fifth_at)));
        if (minimum_at >= 0) return (legacy_quants){ q, q };
        q = _mm256_sub_epi8(q, _mm256_set1_epi8((char)bias));
    }
    return (legacy_quants){ _mm256_sign_epi8(q, q), q };
}

/// Σ w·y over groups of four elements of one block.
CK_TARGET static CK_INLINE __m256i legacy_block_dot(legacy_quants w, const int8_t *y, int is_unsigned) {
    const __m256i v = load32(y);
    return dot_u8(w.magnitude, is_unsigned ? v : _mm256_sign_epi8(v, w.sign));
}

/// Legacy types, in llama.cpp's order: one accumulator per row and activation takes the scaled integer
/// sums of the blocks one after the other, and the minimum terms of the types that have one are summed
/// apart, in scalar, and added at the end. `row_count` (1 or 2) rows `row_stride` bytes apart go together,
/// block by block, so that a mat-vec has two independent chains of additions; out[r · count + a] is
/// row r · acts[a].
CK_TARGET static CK_INLINE void dot_legacy(const uint8_t *row, size_t row_stride, int row_count,
                                         const ck_activation *acts, int count, int64_t blocks, float *out,
                                         int bytes, int quants_at, int fifth_at, int minimum_at, int bias,
                                         int eight_bit) {
    const int is_unsigned = minimum_at >= 0;
    __m256 acc[2][CK_GROUP];
    float offsets[2][CK_GROUP];
    for (int r = 0; r < row_count; ++r)
        for (int a = 0; a < count; ++a) { acc[r][a] = _mm256_setzero_ps(); offsets[r][a] = 0; }
    for (int64_t b = 0; b < blocks; ++b) {
        for (int r = 0; r < row_count; ++r) {
            const uint8_t *block = row + row_stride * r + (size_t)bytes * b;
            const legacy_quants w = legacy_block(block, quants_at, fifth_at, minimum_at, bias, eight_bit);
            const float scale = half(block);
            for (int a = 0; a < count; ++a) {
                const __m256i s = legacy_block_dot(w, acts[a].q + 32 * b, is_unsigned);
                const __m256 combined = _mm256_set1_ps(scale * acts[a].scale[b]);
                acc[r][a] = _mm256_fmadd_ps(combined, _mm256_cvtepi32_ps(s), acc[r][a]);
                // A product of two f16 values is exact in f32, so only the order of the sum matters.
                if (is_unsigned) offsets[r][a] += half(block + minimum_at) * acts[a].sum[b];
            }
        }
    }
    for (int r = 0; r < row_count; ++r)
        for (int a = 0; a < count; ++a) out[r * count + a] = sum8(acc[r][a]) + offsets[r][a];
}

// Layouts as arguments: block bytes, quants, fifth bits, minimum offsets (−1: none), bias, 8-bit quants.
CK_TARGET static void dots_q4_0(const uint8_t *row, const ck_activation *acts, int count, int64_t blocks,
                              ck_k_order order, float *out) {
    (void)order;
    if (count == CK_GROUP) { dot_legacy(row, 0, 1, acts, CK_GROUP, blocks, out, 18, 2, -1, -1, 8, 0); return; }
    for (int a = 0; a < count; ++a) dot_legacy(row, 0, 1, acts + a, 1, blocks, out + a, 18, 2, -1, -1, 8, 0);
}

CK_TARGET static void dots_q4_1(const uint8_t *row, const ck_activation *acts, int count, int64_t blocks,
                              ck_k_order order, float *out) {
    (void)order;
    if (count == CK_GROUP) { dot_legacy(row, 0, 1, acts, CK_GROUP, blocks, out, 20, 4, -1, 2, 0, 0); return; }
    for (int a = 0; a < count; ++a) dot_legacy(row, 0, 1, acts + a, 1, blocks, out + a, 20, 4, -1, 2, 0, 0);
}

CK_TARGET static void dots_q5_0(const uint8_t *row, const ck_activation *acts, int count, int64_t blocks,
                              ck_k_order order, float *out) {
    (void)order;
    if (count == CK_GROUP) { dot_legacy(row, 0, 1, acts, CK_GROUP, blocks, out, 22, 6, 2, -1, 16, 0); return; }
    for (int a = 0; a < count; ++a) dot_legacy(row, 0, 1, acts + a, 1, blocks, out + a, 22, 6, 2, -1, 16, 0);
}

CK_TARGET static void dots_q5_1(const uint8_t *row, const ck_activation *acts, int count, int64_t blocks,
                              ck_k_order order, float *out) {
    (void)order;
    if (count == CK_GROUP) { dot_legacy(row, 0, 1, acts, CK_GROUP, blocks, out, 24, 8, 4, 2, 0, 0); return; }
    for (int a = 0; a < count; ++a) dot_legacy(row, 0, 1, acts + a, 1, blocks, out + a, 24, 8, 4, 2, 0, 0);
}

CK_TARGET static void dots_q8_0(const uint8_t *row, const ck_activation *acts, int count, int64_t blocks,
                              ck_k_order order, float *out) {
    (void)order;
    if (count == CK_GROUP) { dot_legacy(row, 0, 1, acts, CK_GROUP, blocks, out, 34, 2, -1, -1, 0, 1); return; }
    for (int a = 0; a < count; ++a) dot_legacy(row, 0, 1, acts + a, 1, blocks, out + a, 34, 2, -1, -1, 0, 1);
}

// ---- K super-blocks --------------------------------------------------------------------------------

/// Q4_K and Q5_K: per sub-block, the byte products are summed in pairs (16-bit), then weighted by the
/// sub-block's scale while widening to 32 bits; the minimums use the activation's sums of 16.
///
/// Q4_K follows llama.cpp's repacked kernels, which keep one scalar sum for the scaled products and one for
/// the minimum terms: a lone activation adds each super-block's integer total with one fused multiply-add
/// (its GEMV), a batched one each pair of sub-blocks (its GEMM over groups of 4 tokens). Q5_K keeps 8
/// lanes of sums.
CK_TARGET static CK_INLINE void dot_q45_k(const uint8_t *row, const ck_activation *acts, int count, int64_t blocks,
                                        ck_k_order order, float *out, int has_fifth) {
    const size_t block_bytes = has_fifth ? 176 : 144;
    const __m256i low_mask = _mm256_set1_epi8(15), one = _mm256_set1_epi8(1);
    const int in_pairs = !has_fifth && order == CK_K_ORDER_BATCHED;
    __m256 acc[CK_GROUP];
    float sums[CK_GROUP], offsets[CK_GROUP];
    for (int a = 0; a < count; ++a) { acc[a] = _mm256_setzero_ps(); sums[a] = 0; offsets[a] = 0; }
    for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t *block = row + block_bytes * b;
        const uint8_t *nibbles = block + (has_fifth ? 48 : 16);
        uint8_t scales[8], minimums[8];
        ck_k_scales(block + 4, scales, minimums);
        const float d = half(block), dmin = half(block + 2);
        __m256i fifth = has_fifth ? load32(block + 16) : _mm256_setzero_si256();
        __m256i s[CK_GROUP];
        for (int a = 0; a < count; ++a) s[a] = _mm256_setzero_si256();
        for (int i = 0; i < 4; ++i) {
            const __m256i bytes = load32(nibbles + 32 * i);
            __m256i lo = _mm256_and_si256(bytes, low_mask);
            __m256i hi = _mm256_and_si256(_mm256_srli_epi16(bytes, 4), low_mask);
            if (has_fifth) {
                // Bits 2i and 2i + 1 of each byte; shifting 16-bit lanes is safe as only bits 0 and 1
                // of each byte are kept.
                lo = _mm256_or_si256(lo, _mm256_slli_epi16(_mm256_and_si256(fifth, one), 4));
                hi = _mm256_or_si256(hi, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(fifth, 1), one), 4));
                fifth = _mm256_srli_epi16(fifth, 2);
            }
            const __m256i scale_lo = _mm256_set1_epi16(scales[2 * i]), scale_hi = _mm256_set1_epi16(scales[2 * i + 1]);
            for (int a = 0; a < count; ++a) {
                const int8_t *y = acts[a].q + 256 * b + 64 * i;
                s[a] = add_madd16(s[a], _mm256_maddubs_epi16(lo, load32(y)), scale_lo);
                s[a] = add_madd16(s[a], _mm256_maddubs_epi16(hi, load32(y + 32)), scale_hi);
                if (in_pairs) {
                    const int16_t *sums16 = acts[a].sums16 + 16 * b + 4 * i;
                    const int32_t offset = minimums[2 * i] * (sums16[0] + sums16[1])
                                         + minimums[2 * i + 1] * (sums16[2] + sums16[3]);
                    sums[a] = fmaf((float)sum8i(s[a]), d * acts[a].scale[b], sums[a]);
                    offsets[a] = fmaf((float)offset, dmin * acts[a].scale[b], offsets[a]);
                    s[a] = _mm256_setzero_si256();
                }
            }
        }
        if (in_pairs) continue;
        for (int a = 0; a < count; ++a) {
            const int16_t *sums16 = acts[a].sums16 + 16 * b;
            int32_t offset = 0;
            for (int j = 0; j < 8; ++j) offset += minimums[j] * (sums16[2 * j] + sums16[2 * j + 1]);
            if (has_fifth) {
                acc[a] = _mm256_fmadd_ps(_mm256_set1_ps(d * acts[a].scale[b]), _mm256_cvtepi32_ps(s[a]), acc[a]);
                offsets[a] += dmin * acts[a].scale[b] * (float)offset;
            } else {
                sums[a] = fmaf((float)sum8i(s[a]), d * acts[a].scale[b], sums[a]);
                offsets[a] = fmaf((float)offset, dmin * acts[a].scale[b], offsets[a]);
            }
        }
    }
    for (int a = 0; a < count; ++a) out[a] = (has_fifth ? sum8(acc[a]) : sums[a]) - offsets[a];
}

/// Q6_K: quants are taken unsigned (0..63) and the −32 is applied once per super-block through the
/// activation's sums of 16: Σ scale·(q − 32)·y = Σ scale·q·y − 32·Σ scale·sum16.
///
/// A lone activation (and batches of fewer than 8, llama.cpp's vec_dot) keeps 8 lanes of sums; batches of 8
/// or more (llama.cpp's tiled kernel) add each super-block's total to one scalar sum.
CK_TARGET static CK_INLINE void dot_q6_k(const uint8_t *row, const ck_activation *acts, int count, int64_t blocks,
                                       ck_k_order order, float *out) {
    const __m256i low_mask = _mm256_set1_epi8(15);
    const __m256i m03 = _mm256_set1_epi8(0x03), m0c = _mm256_set1_epi8(0x0c), m30 = _mm256_set1_epi8(0x30);
    // Per part s of a half: 16-bit scale 2s in the low 128 bits, 2s + 1 in the high ones.
    __m256i pick[4];
    for (int p = 0; p < 4; ++p) {
        const char lo = (char)(4 * p), hi = (char)(4 * p + 2);
        pick[p] = _mm256_setr_epi8(lo, lo + 1, lo, lo + 1, lo, lo + 1, lo, lo + 1, lo, lo + 1, lo, lo + 1, lo, lo + 1, lo, lo + 1,
                                   hi, hi + 1, hi, hi + 1, hi, hi + 1, hi, hi + 1, hi, hi + 1, hi, hi + 1, hi, hi + 1, hi, hi + 1);
    }
    __m256 acc[CK_GROUP];
    float sums[CK_GROUP];
    for (int a = 0; a < count; ++a) { acc[a] = _mm256_setzero_ps(); sums[a] = 0; }
    for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t *block = row + 210 * b;
        const __m256i scales = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(block + 192)));
        __m256i s[CK_GROUP];
        for (int a = 0; a < count; ++a) s[a] = _mm256_setzero_si256();
        for (int h = 0; h < 2; ++h) {
            const __m256i ql0 = load32(block + 64 * h), ql1 = load32(block + 64 * h + 32);
            const __m256i qh = load32(block + 128 + 32 * h);
            const __m256i q[4] = {
                _mm256_or_si256(_mm256_and_si256(ql0, low_mask), _mm256_slli_epi16(_mm256_and_si256(qh, m03), 4)),
                _mm256_or_si256(_mm256_and_si256(ql1, low_mask), _mm256_slli_epi16(_mm256_and_si256(qh, m0c), 2)),
                _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql0, 4), low_mask), _mm256_and_si256(qh, m30)),
                _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql1, 4), low_mask),
                                _mm256_and_si256(_mm256_srli_epi16(qh, 2), m30)),
            };
            // Scales 8h ..< 8h + 8, copied to both 128-bit halves, then spread per part.
            const __m256i half_scales = h ? _mm256_permute2x128_si256(scales, scales, 0x11)
                                          : _mm256_permute2x128_si256(scales, scales, 0x00);
            __m256i part_scales[4];
            for (int p = 0; p < 4; ++p) part_scales[p] = _mm256_shuffle_epi8(half_scales, pick[p]);
            for (int a = 0; a < count; ++a) {
                const int8_t *y = acts[a].q + 256 * b + 128 * h;
                for (int p = 0; p < 4; ++p) {
                    const __m256i products = _mm256_maddubs_epi16(q[p], load32(y + 32 * p));
                    s[a] = add_madd16(s[a], products, part_scales[p]);
                }
            }
        }
        const float d = half(block + 208);
        for (int a = 0; a < count; ++a) {
            const __m256i offset = _mm256_madd_epi16(load32(acts[a].sums16 + 16 * b), scales);
            const __m256i total = _mm256_sub_epi32(s[a], _mm256_slli_epi32(offset, 5));
            if (order == CK_K_ORDER_BATCHED) {
                sums[a] = fmaf(d * (float)sum8i(total), acts[a].scale[b], sums[a]);
            } else {
                acc[a] = _mm256_fmadd_ps(_mm256_set1_ps(d * acts[a].scale[b]), _mm256_cvtepi32_ps(total), acc[a]);
            }
        }
    }
    for (int a = 0; a < count; ++a) out[a] = order == CK_K_ORDER_BATCHED ? sums[a] : sum8(acc[a]);
}

CK_TARGET static void dots_q4_k(const uint8_t *row, const ck_activation *acts, int count, int64_t blocks,
                              ck_k_order order, float *out) {
    if (count == CK_GROUP) { dot_q45_k(row, acts, CK_GROUP, blocks, order, out, 0); return; }
    for (int a = 0; a < count; ++a) dot_q45_k(row, acts + a, 1, blocks, order, out + a, 0);
}

CK_TARGET static void dots_q5_k(const uint8_t *row, const ck_activation *acts, int count, int64_t blocks,
                              ck_k_order order, float *out) {
    if (count == CK_GROUP) { dot_q45_k(row, acts, CK_GROUP, blocks, order, out, 1); return; }
    for (int a = 0; a < count; ++a) dot_q45_k(row, acts + a, 1, blocks, order, out + a, 1);
}

CK_TARGET static void dots_q6_k(const uint8_t *row, const ck_activation *acts, int count, int64_t blocks,
                              ck_k_order order, float *out) {
    if (count == CK_GROUP) { dot_q6_k(row, acts, CK_GROUP, blocks, order, out); return; }
    for (int a = 0; a < count; ++a) dot_q6_k(row, acts + a, 1, blocks, order, out + a);
}

#define CK_ROWS(name, kernel_call)                                                                          \
    CK_TARGET static void name(const uint8_t *rows, size_t row_stride, int64_t row_count, const ck_activation *act, \
                             int64_t blocks, float *y) {                                                  \
        for (int64_t r = 0; r < row_count; ++r) {                                                         \
            const uint8_t *row = rows + (size_t)r * row_stride;                                           \
            kernel_call;                                                                                  \
        }                                                                                                 \
    }

/// Legacy rows go `per_call` (1 or 2) at a time, and a last one alone. Pairs hide the latency of the chains
/// of additions for the 4- and 5-bit types; Q8_0's wide rows stream faster one at a time (measured).
#define CK_LEGACY_ROWS(name, per_call, ...)                                                                 \
    CK_TARGET static void name(const uint8_t *rows, size_t row_stride, int64_t row_count, const ck_activation *act, \
                             int64_t blocks, float *y) {                                                  \
        int64_t r = 0;                                                                                    \
        for (; r + per_call <= row_count; r += per_call)                                                  \
            dot_legacy(rows + (size_t)r * row_stride, row_stride, per_call, act, 1, blocks, y + r, __VA_ARGS__); \
        if (r < row_count) dot_legacy(rows + (size_t)r * row_stride, 0, 1, act, 1, blocks, y + r, __VA_ARGS__); \
    }

CK_LEGACY_ROWS(rows_q4_0, 2, 18, 2, -1, -1, 8, 0)
CK_LEGACY_ROWS(rows_q4_1, 2, 20, 4, -1, 2, 0, 0)
CK_LEGACY_ROWS(rows_q5_0, 2, 22, 6, 2, -1, 16, 0)
CK_LEGACY_ROWS(rows_q5_1, 2, 24, 8, 4, 2, 0, 0)
CK_LEGACY_ROWS(rows_q8_0, 1, 34, 2, -1, -1, 0, 1)
CK_ROWS(rows_q4_k, dot_q45_k(row, act, 1, blocks, CK_K_ORDER_SINGLE, y + r, 0))
CK_ROWS(rows_q5_k, dot_q45_k(row, act, 1, blocks, CK_K_ORDER_SINGLE, y + r, 1))
CK_ROWS(rows_q6_k, dot_q6_k(row, act, 1, blocks, CK_K_ORDER_SINGLE, y + r))

const ck_rows_fn CK_TABLE(rows)[CK_KERNEL_COUNT] = {
    [CK_KERNEL_Q4_0] = rows_q4_0, [CK_KERNEL_Q4_1] = rows_q4_1, [CK_KERNEL_Q5_0] = rows_q5_0,
    [CK_KERNEL_Q5_1] = rows_q5_1, [CK_KERNEL_Q8_0] = rows_q8_0, [CK_KERNEL_Q4_K] = rows_q4_k,
    [CK_KERNEL_Q5_K] = rows_q5_k, [CK_KERNEL_Q6_K] = rows_q6_k,
};

const ck_dots_fn CK_TABLE(dots)[CK_KERNEL_COUNT] = {
    [CK_KERNEL_Q4_0] = dots_q4_0, [CK_KERNEL_Q4_1] = dots_q4_1, [CK_KERNEL_Q5_0] = dots_q5_0,
    [CK_KERNEL_Q5_1] = dots_q5_1, [CK_KERNEL_Q8_0] = dots_q8_0, [CK_KERNEL_Q4_K] = dots_q4_k,
    [CK_KERNEL_Q5_K] = dots_q5_k, [CK_KERNEL_Q6_K] = dots_q6_k,
};

