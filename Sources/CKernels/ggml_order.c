// Attention and activations in llama.cpp's CPU arithmetic, so that GGUF models give its results bit for
// bit: the same lanes, the same order of additions, fused multiply-adds where it fuses, and its exp.
//
// The code is written with explicit lanes (arrays of 8 or 32 partial sums) rather than intrinsics, so one
// source serves both instruction sets: it is compiled once for AVX2/FMA (where the lane loops become
// vector instructions) and once for the baseline (where fmaf is the library's exact fused multiply-add).
// The file is compiled with -ffp-contract=off: every fused operation here is written as fmaf.
#include "internal.h"

#include <math.h>

// Helpers are inlined into the per-instruction-set functions below, so they compile for each set.
#define CK_ALWAYS static inline __attribute__((always_inline))

/// e^x with ggml's vector approximation (a degree-5 polynomial after reduction by ln 2), one lane of it.
CK_ALWAYS float ggml_exp(float x) {
    const float shifter = 0x1.8p23f;
    const float z = fmaf(x, 0x1.715476p+0f, shifter);
    const float n = z - shifter;
    const float b = fmaf(-n, 0x1.7f7d1cp-20f, fmaf(-n, 0x1.62e4p-1f, x));
    const uint32_t e = ck_float_bits(z) << 23;
    const float k = ck_bits_float(e + ck_float_bits(1.0f));
    const float u = b * b;
    const float j = fmaf(fmaf(fmaf(0x1.0e4020p-7f, b, 0x1.573e2ep-5f), u, fmaf(0x1.555e66p-3f, b, 0x1.fffdb6p-2f)),
                         u, 0x1.ffffecp-1f * b);
    // Results near or past the ends of the f32 range: 2^n split into two factors. Both ways are computed and
    // one selected, which lets the compiler vectorise loops over this function.
    const uint32_t g = n <= 0 ? 0x82000000u : 0;
    const float s1 = ck_bits_float(g + 0x7f000000u);
    const float s2 = ck_bits_float(e - g);
    const float far = fabsf(n) > 192 ? s1 * s1 : fmaf(s2, j, s2) * s1;
    return fabsf(n) > 126 ? far : fmaf(j, k, k);
}

/// An f16 value widened (exactly); the compiler uses F16C's vector conversion where it may.
CK_ALWAYS float widen(uint16_t bits) {
    _Float16 half;
    memcpy(&half, &bits, sizeof half);
    return (float)half;
}

/// x rounded to the nearest f16 (ties to even), as a float.
CK_ALWAYS float round_to_half(float x) { return (float)(_Float16)x; }

/// The sum of 8 lanes as an AVX register is reduced: halves, then pairs two apart, then the last two.
CK_ALWAYS float sum_lanes8(const float v[8]) {
    const float t0 = v[0] + v[4], t1 = v[1] + v[5], t2 = v[2] + v[6], t3 = v[3] + v[7];
    return (t0 + t2) + (t1 + t3);
}

/// The sum of four 8-lane accumulators as ggml_vec_dot_f16 reduces them (its horizontal adds pair
/// neighbouring lanes).
CK_ALWAYS float sum_lanes32(const float v[32]) {
    float x[8];
    for (int l = 0; l < 8; ++l) x[l] = (v[l] + v[16 + l]) + (v[8 + l] + v[24 + l]);
    const float t0 = x[0] + x[4], t1 = x[1] + x[5], t2 = x[2] + x[6], t3 = x[3] + x[7];
    return (t0 + t1) + (t2 + t3);
}

/// out[d] = the sum of lanes[l · n + d] over the lane_count (8 or 32) lanes, reduced as sum_lanes8 or
/// sum_lanes32 do, in loops over d so that they run on vectors; the lanes are overwritten.
CK_ALWAYS void reduce_lanes(float *lanes, int64_t lane_count, int64_t n, float *out) {
    float *row[8];
    for (int l = 0; l < 8; ++l) row[l] = lanes + l * n;
    if (lane_count == 32) {
        for (int l = 0; l < 8; ++l) {
            const float *a = lanes + (8 + l) * n, *b = lanes + (16 + l) * n, *c = lanes + (24 + l) * n;
            for (int64_t d = 0; d < n; ++d) row[l][d] = (row[l][d] + b[d]) + (a[d] + c[d]);
        }
        for (int l = 0; l < 4; ++l)
            for (int64_t d = 0; d < n; ++d) row[l][d] += row[l + 4][d];
        for (int64_t d = 0; d < n; ++d) out[d] = (row[0][d] + row[1][d]) + (row[2][d] + row[3][d]);
        return;
    }
    for (int l = 0; l < 4; ++l)
        for (int64_t d = 0; d < n; ++d) row[l][d] += row[l + 4][d];
    for (int64_t d = 0; d < n; ++d) out[d] = (row[0][d] + row[2][d]) + (row[1][d] + row[3][d]);
}

/// q · k over n values as llama.cpp multiplies f16 rows: a batch of one token uses ggml_vec_dot_f16
/// (four accumulators over steps of 32, the rest added in double); larger batches use its tiled f16 GEMM
/// (one accumulator of 8 lanes).
CK_ALWAYS float dot_f16_order(const float *q, const uint16_t *k, int64_t n, int batched) {
    if (batched) {
        float acc[8] = {0};
        for (int64_t i = 0; i + 8 <= n; i += 8)
            for (int l = 0; l < 8; ++l) acc[l] = fmaf(widen(k[i + l]), q[i + l], acc[l]);
        return sum_lanes8(acc);
    }
    float acc[32] = {0};
    const int64_t whole = n & ~(int64_t)31;
    for (int64_t i = 0; i < whole; i += 32)
        for (int l = 0; l < 32; ++l) acc[l] = fmaf(widen(k[i + l]), q[i + l], acc[l]);
    double total = sum_lanes32(acc);
    for (int64_t i = whole; i < n; ++i) total += (double)(widen(k[i]) * q[i]);
    return (float)total;
}

#define CK_ATTEND_BODY                                                                                         \
    const int64_t lane_count = batched ? 8 : 32;                                                               \
    /* Scores of the attended positions; llama.cpp masks the others with −∞. */                             \
    float maximum = -INFINITY;                                                                                 \
    for (int64_t j = first; j <= last; ++j) {                                                                  \
        const float s = dot_f16_order(query, keys + (size_t)j * row_stride, head_dim, batched) * scale;        \
        scores[j] = s;                                                                                         \
        if (s > maximum) maximum = s;                                                                          \
    }                                                                                                          \
    /* Softmax: exps summed per aligned group of 8 cache cells, the groups' sums added in double. */         \
    const int64_t start = first & ~(int64_t)7;                                                                \
    double total = 0;                                                                                          \
    for (int64_t group = start; group <= last; group += 8) {                                                   \
        float e[8];                                                                                            \
        for (int l = 0; l < 8; ++l) {                                                                          \
            const int64_t j = group + l;                                                                       \
            e[l] = j >= first && j <= last ? ggml_exp(scores[j] - maximum) : 0;                                \
            scores[j] = e[l];                                                                                  \
        }                                                                                                      \
        total += (double)sum_lanes8(e);                                                                        \
    }                                                                                                          \
    const float inverse = (float)(1.0 / total);                                                                \
    for (int64_t j = start; j <= last; ++j) scores[j] = round_to_half(scores[j] * inverse);                     \
    /* Values: lane (cell mod lane_count) of every output dimension gathers its cells in order. */           \
    for (int64_t i = 0; i < lane_count * head_dim; ++i) lanes[i] = 0;                                          \
    for (int64_t j = first; j <= last; ++j) {                                                                  \
        const uint16_t *v = values + (size_t)j * row_stride;                                                   \
        float *lane = lanes + (j % lane_count) * head_dim;                                                     \
        for (int64_t d = 0; d < head_dim; ++d) lane[d] = fmaf(widen(v[d]), scores[j], lane[d]);                \
    }                                                                                                          \
    reduce_lanes(lanes, lane_count, head_dim, out);

#define CK_SILU_BODY                                                                                           \
    int64_t i = 0;                                                                                             \
    for (; i + 8 <= n; i += 8)                                                                                 \
        for (int l = 0; l < 8; ++l) out[i + l] = gate[i + l] / (1.0f + ggml_exp(0.0f - gate[i + l])) * up[i + l]; \
    for (; i < n; ++i) out[i] = gate[i] / (1.0f + expf(-gate[i])) * up[i];

static void attend_scalar(const float *query, const uint16_t *keys, const uint16_t *values, size_t row_stride,
                          int64_t head_dim, int64_t first, int64_t last, float scale, int batched, float *scores,
                          float *lanes, float *out) {
    CK_ATTEND_BODY
}

static void silu_gated_scalar(const float *gate, const float *up, float *out, int64_t n) {
    CK_SILU_BODY
}

#if CK_X86
CK_AVX2 static void attend_avx2(const float *query, const uint16_t *keys, const uint16_t *values, size_t row_stride,
                                int64_t head_dim, int64_t first, int64_t last, float scale, int batched,
                                float *scores, float *lanes, float *out) {
    CK_ATTEND_BODY
}

CK_AVX2 static void silu_gated_avx2(const float *gate, const float *up, float *out, int64_t n) {
    CK_SILU_BODY
}
#endif

void ck_attend_head(ck_isa isa, const float *query, const uint16_t *keys, const uint16_t *values, size_t row_stride,
                    int64_t head_dim, int64_t first, int64_t last, float scale, int batched, float *scores,
                    float *lanes, float *out) {
#if CK_X86
    if (isa != CK_ISA_SCALAR) {
        attend_avx2(query, keys, values, row_stride, head_dim, first, last, scale, batched, scores, lanes, out);
        return;
    }
#endif
    (void)isa;
    attend_scalar(query, keys, values, row_stride, head_dim, first, last, scale, batched, scores, lanes, out);
}

void ck_silu_gated(ck_isa isa, const float *gate, const float *up, float *out, int64_t n) {
#if CK_X86
    if (isa != CK_ISA_SCALAR) { silu_gated_avx2(gate, up, out, n); return; }
#endif
    (void)isa;
    silu_gated_scalar(gate, up, out, n);
}
