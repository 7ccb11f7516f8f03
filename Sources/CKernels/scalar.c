// Portable versions of the activation quantisation and the dot products. They define the results: the
// AVX2 versions produce the same quants and the same integer block sums.
#include "internal.h"

#include <math.h>

/// Quantises 32-element blocks as llama.cpp's x86 code does: scale = max|x| / 127 stored as f16,
/// q = x · (127 / max|x|) rounded to nearest even; with `sums`, also f16(scale · Σq) per block.
static void quantize_32(const float *x, int64_t n, int8_t *q, float *scales, float *sums) {
    for (int64_t b = 0; b < n / 32; ++b) {
        const float *xb = x + 32 * b;
        float amax = 0;
        for (int j = 0; j < 32; ++j) amax = fmaxf(amax, fabsf(xb[j]));
        const float d = amax / 127.0f;
        const float id = amax != 0.0f ? 127.0f / amax : 0.0f;
        int32_t total = 0;
        for (int j = 0; j < 32; ++j) {
            const int32_t v = ck_round_even(xb[j] * id);
            q[32 * b + j] = (int8_t)v;
            total += v;
        }
        scales[b] = ck_half_to_float(ck_float_to_half(d));
        if (sums) sums[b] = ck_half_to_float(ck_float_to_half(d * (float)total));
    }
}

/// 256-element blocks as llama.cpp's q8_K: the element of largest magnitude (the first one, on ties)
/// maps to −127, so the scale carries the opposite sign; sums of each 16 quants for the offset terms.
static void quantize_256(const float *x, int64_t n, int8_t *q, float *scales, int16_t *sums) {
    for (int64_t b = 0; b < n / 256; ++b) {
        const float *xb = x + 256 * b;
        int8_t *qb = q + 256 * b;
        float amax = 0, extreme = 0;
        for (int j = 0; j < 256; ++j) {
            if (fabsf(xb[j]) > amax) { amax = fabsf(xb[j]); extreme = xb[j]; }
        }
        if (amax == 0) {
            scales[b] = 0;
            memset(qb, 0, 256);
            memset(sums + 16 * b, 0, 16 * sizeof(int16_t));
            continue;
        }
        const float iscale = -127.0f / extreme;
        for (int j = 0; j < 256; ++j) {
            const int32_t v = ck_round_even(iscale * xb[j]);
            qb[j] = (int8_t)(v < 127 ? v : 127);
        }
        for (int g = 0; g < 16; ++g) {
            int32_t total = 0;
            for (int j = 0; j < 16; ++j) total += qb[16 * g + j];
            sums[16 * b + g] = (int16_t)total;
        }
        scales[b] = 1.0f / iscale;
    }
}

void ck_quantize_scalar(ck_activation_format format, const float *x, int64_t n, void *out) {
    int8_t *q = out;
    float *scales = (float *)(q + n);
    switch (format) {
    case CK_ACTIVATION_Q8_0: quantize_32(x, n, q, scales, NULL); break;
    case CK_ACTIVATION_Q8_1: quantize_32(x, n, q, scales, scales + n / 32); break;
    case CK_ACTIVATION_Q8_K: quantize_256(x, n, q, scales, (int16_t *)(scales + n / 256)); break;
    default: break;
    }
}

// Legacy blocks: f16 d [, f16 m] [, u32 fifth bits], 16 bytes of nibbles. Nibble byte j holds element j
// (low half) and element j + 16 (high half); bit j of the fifth bits is bit 4 of element j.

static float dot_q4_0(const uint8_t *row, const ck_activation *a, int64_t blocks) {
    float total = 0;
    for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t *block = row + 18 * b, *nibbles = block + 2;
        const int8_t *y = a->q + 32 * b;
        int32_t s = 0;
        for (int j = 0; j < 16; ++j) s += ((nibbles[j] & 15) - 8) * y[j] + ((nibbles[j] >> 4) - 8) * y[j + 16];
        total += (float)s * (ck_half_to_float(ck_load_u16(block)) * a->scale[b]);
    }
    return total;
}

static float dot_q4_1(const uint8_t *row, const ck_activation *a, int64_t blocks) {
    float total = 0, offsets = 0;
    for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t *block = row + 20 * b, *nibbles = block + 4;
        const int8_t *y = a->q + 32 * b;
        int32_t s = 0;
        for (int j = 0; j < 16; ++j) s += (nibbles[j] & 15) * y[j] + (nibbles[j] >> 4) * y[j + 16];
        total += (float)s * (ck_half_to_float(ck_load_u16(block)) * a->scale[b]);
        offsets += ck_half_to_float(ck_load_u16(block + 2)) * a->sum[b];
    }
    return total + offsets;
}

static int32_t dot_5bit(const uint8_t *nibbles, uint32_t fifth, int bias, const int8_t *y) {
    int32_t s = 0;
    for (int j = 0; j < 16; ++j) {
        const int lo = (nibbles[j] & 15) | (int)((fifth >> j) & 1) << 4;
        const int hi = (nibbles[j] >> 4) | (int)((fifth >> (j + 16)) & 1) << 4;
        s += (lo - bias) * y[j] + (hi - bias) * y[j + 16];
    }
    return s;
}

static float dot_q5_0(const uint8_t *row, const ck_activation *a, int64_t blocks) {
    float total = 0;
    for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t *block = row + 22 * b;
        const int32_t s = dot_5bit(block + 6, ck_load_u32(block + 2), 16, a->q + 32 * b);
        total += (float)s * (ck_half_to_float(ck_load_u16(block)) * a->scale[b]);
    }
    return total;
}

static float dot_q5_1(const uint8_t *row, const ck_activation *a, int64_t blocks) {
    float total = 0, offsets = 0;
    for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t *block = row + 24 * b;
        const int32_t s = dot_5bit(block + 8, ck_load_u32(block + 4), 0, a->q + 32 * b);
        total += (float)s * (ck_half_to_float(ck_load_u16(block)) * a->scale[b]);
        offsets += ck_half_to_float(ck_load_u16(block + 2)) * a->sum[b];
    }
    return total + offsets;
}

static float dot_q8_0(const uint8_t *row, const ck_activation *a, int64_t blocks) {
    float total = 0;
    for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t *block = row + 34 * b;
        const int8_t *w = (const int8_t *)(block + 2), *y = a->q + 32 * b;
        int32_t s = 0;
        for (int j = 0; j < 32; ++j) s += w[j] * y[j];
        total += (float)s * (ck_half_to_float(ck_load_u16(block)) * a->scale[b]);
    }
    return total;
}

// K super-blocks of 256 (see KQuantBlocks.swift for the layouts): Q4_K and Q5_K have eight sub-blocks
// of 32 with 6-bit scales and minimums, value = d·scale·q − dmin·minimum; bytes 32i ..< 32i + 32 of the
// nibbles hold sub-block 2i (low halves) and 2i + 1 (high halves); Q5_K's fifth bit of element l of
// sub-block j is bit j of byte l.

static float dot_q45_k(const uint8_t *row, const ck_activation *a, int64_t blocks, int has_fifth) {
    const size_t block_bytes = has_fifth ? 176 : 144;
    float total = 0;
    for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t *block = row + block_bytes * b;
        const uint8_t *fifth = block + 16, *nibbles = block + (has_fifth ? 48 : 16);
        const int8_t *y = a->q + 256 * b;
        const int16_t *sums = a->sums16 + 16 * b;
        uint8_t scales[8], minimums[8];
        ck_k_scales(block + 4, scales, minimums);
        int32_t s = 0, offset = 0;
        for (int j = 0; j < 8; ++j) {
            const uint8_t *bytes = nibbles + 32 * (j / 2);
            const int shift = 4 * (j & 1);
            int32_t sub = 0;
            for (int l = 0; l < 32; ++l) {
                int q = (bytes[l] >> shift) & 15;
                if (has_fifth) q |= ((fifth[l] >> j) & 1) << 4;
                sub += q * y[32 * j + l];
            }
            s += scales[j] * sub;
            offset += minimums[j] * (sums[2 * j] + sums[2 * j + 1]);
        }
        const float d = ck_half_to_float(ck_load_u16(block)) * a->scale[b];
        const float dmin = ck_half_to_float(ck_load_u16(block + 2)) * a->scale[b];
        total += d * (float)s - dmin * (float)offset;
    }
    return total;
}

static float dot_q4_k(const uint8_t *row, const ck_activation *a, int64_t blocks) {
    return dot_q45_k(row, a, blocks, 0);
}

static float dot_q5_k(const uint8_t *row, const ck_activation *a, int64_t blocks) {
    return dot_q45_k(row, a, blocks, 1);
}

// Q6_K: 128 bytes of low nibbles, 64 of 2-bit high parts, 16 signed scales, f16 d. Element 128h + 32s + l
// (h < 2, s < 4, l < 32) takes its low bits from byte 64h + l + 32·(s & 1) of the nibbles (the high half
// for s ≥ 2) and its top bits from bits 2s, 2s + 1 of byte 32h + l of the high parts; value
// d·scale[e / 16]·(q − 32).
static float dot_q6_k(const uint8_t *row, const ck_activation *a, int64_t blocks) {
    float total = 0;
    for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t *block = row + 210 * b;
        const uint8_t *low = block, *high = block + 128;
        const int8_t *scales = (const int8_t *)(block + 192);
        const int8_t *y = a->q + 256 * b;
        int32_t s = 0;
        for (int h = 0; h < 2; ++h) {
            for (int part = 0; part < 4; ++part) {
                const uint8_t *nibbles = low + 64 * h + 32 * (part & 1), *tops = high + 32 * h;
                const int nibble_shift = 4 * (part / 2), top_shift = 2 * part;
                for (int half16 = 0; half16 < 2; ++half16) {
                    const int first = 128 * h + 32 * part + 16 * half16;
                    int32_t sub = 0;
                    for (int l = 16 * half16; l < 16 * half16 + 16; ++l) {
                        const int q = ((nibbles[l] >> nibble_shift) & 15) | ((tops[l] >> top_shift) & 3) << 4;
                        sub += (q - 32) * y[128 * h + 32 * part + l];
                    }
                    s += scales[first / 16] * sub;
                }
            }
        }
        total += ck_half_to_float(ck_load_u16(block + 208)) * a->scale[b] * (float)s;
    }
    return total;
}

const ck_dot_fn ck_scalar_dots[CK_KERNEL_COUNT] = {
    [CK_KERNEL_Q4_0] = dot_q4_0, [CK_KERNEL_Q4_1] = dot_q4_1, [CK_KERNEL_Q5_0] = dot_q5_0,
    [CK_KERNEL_Q5_1] = dot_q5_1, [CK_KERNEL_Q8_0] = dot_q8_0, [CK_KERNEL_Q4_K] = dot_q4_k,
    [CK_KERNEL_Q5_K] = dot_q5_k, [CK_KERNEL_Q6_K] = dot_q6_k,
};
