// Integer dot products of ggml weight rows with 8-bit quantised activations, as llama.cpp computes
// them on the CPU: the activation vector is quantised once, then every weight row is multiplied with it
// in integer arithmetic, block by block, and only the per-block results are scaled in f32.
//
// Every kernel exists in a portable scalar version and, on x86-64, versions for AVX2/FMA/F16C, AVX-VNNI
// and AVX-512 (F/BW/VL/VNNI), chosen at run time. All give the same integer block sums; the SIMD versions
// also add them in llama.cpp's order (so their results are llama.cpp's bit for bit, whichever runs), the
// scalar one in its own. The AVX-VNNI and AVX-512 versions get there by computing the very lanes of the
// AVX2 version: VNNI fuses its multiply-adds, and AVX-512 carries two weight rows per register, one in
// each 256-bit half.
#ifndef CKERNELS_H
#define CKERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The instruction sets the kernels are written for.
typedef enum ck_isa {
    CK_ISA_SCALAR = 0,
    /// AVX2, FMA, F16C.
    CK_ISA_AVX2 = 1,
    /// AVX2 with the VEX-encoded 256-bit VNNI dot products.
    CK_ISA_AVXVNNI = 2,
    /// AVX-512 F, BW, VL, DQ and VNNI (plus AVX2's set); bf16 rows also use AVX-512 BF16 where the CPU has it.
    CK_ISA_AVX512 = 3,
} ck_isa;

/// The best instruction set of this CPU (read from cpuid once).
ck_isa ck_best_isa(void);

/// Whether this CPU (and this build) can run `isa`.
int ck_isa_available(ck_isa isa);

/// Whether this CPU has AVX-512 BF16 (vdpbf16ps), which the AVX-512 bf16 kernels use.
int ck_has_avx512_bf16(void);

/// How an activation vector of n elements is quantised for a weight type (ggml's pairing).
///
/// The buffer holds n signed 8-bit quants first, then per-block parts:
///   Q8_0 (blocks of 32):  f32 scale[n/32]                        value = scale·q
///   Q8_1 (blocks of 32):  f32 scale[n/32], f32 sum[n/32]         sum = f16(scale·Σq) (the offset term)
///   Q8_K (blocks of 256): f32 scale[n/256], i16 sums[n/16]       sums of each 16 quants
/// Q8_0 and Q8_1 scales are f16 values widened to f32, as llama.cpp stores them.
///
/// bf16 weights are multiplied with activations in bf16 (any n):
///   BF16_PAIR: u16 high[n], u16 low[n]    x ≈ high + low, both bf16 (high = x rounded, low = the rest
///                                          rounded): about 16 bits of x's 24, so products stay near f32's
///   BF16:      u16 high[n]                x rounded to bf16, llama.cpp's arithmetic for bf16 weights
/// Each product of a bf16 weight and a bf16 part is exact in f32; only the f32 sums round.
typedef enum ck_activation_format {
    CK_ACTIVATION_NONE = 0,
    CK_ACTIVATION_Q8_0 = 1,
    CK_ACTIVATION_Q8_1 = 2,
    CK_ACTIVATION_Q8_K = 3,
    CK_ACTIVATION_BF16_PAIR = 4,
    CK_ACTIVATION_BF16 = 5,
} ck_activation_format;

/// The activation format a ggml weight type (ggml's type id) is multiplied with; NONE for types
/// without integer kernels. For BF16 weights: BF16_PAIR (the BF16 format is chosen explicitly).
ck_activation_format ck_activation_format_for(uint32_t ggml_type);

/// Elements per block of `format` (32 or 256; 1 for the bf16 formats; 0 for NONE).
int64_t ck_activation_block_size(ck_activation_format format);

/// Bytes of a quantised activation of n elements (n a multiple of the block size).
size_t ck_activation_bytes(ck_activation_format format, int64_t n);

/// Quantises x[0 ..< n] into `out` (ck_activation_bytes bytes). n must be a multiple of the block size.
void ck_quantize(ck_activation_format format, ck_isa isa, const float *x, int64_t n, void *out);

/// y[a · y_stride + r] = row r · activation a, for rows r in 0 ..< row_count (row r at
/// rows + r · row_stride bytes) and activations a in 0 ..< activation_count (activation a at
/// activations + a · ck_activation_bytes(format, n)), each of n elements. The activations must have
/// been quantised in `format`: ck_activation_format_for(ggml_type), or for BF16 weights either bf16
/// format. The type must have integer kernels.
void ck_dot_rows(uint32_t ggml_type, ck_activation_format format, ck_isa isa, const void *rows, size_t row_stride,
                 int64_t row_count, int64_t n, const void *activations, int64_t activation_count, float *y,
                 int64_t y_stride);

/// Attention of one query head (holding f16 values) over an f16 cache of keys and values, in llama.cpp's
/// arithmetic: the scores of positions first ... last (a row of keys and of values every `row_stride`
/// halves, position j at j · row_stride), times `scale`, a softmax with ggml's
/// exp, probabilities rounded to f16, and their weighted sum of the values into out[0 ..< head_dim].
/// `batched` selects the order llama.cpp uses when its batch has more than one token. Scratch: `scores`
/// holds last + 8 floats, `lanes` 32 · head_dim floats. head_dim must be a multiple of 8.
void ck_attend_head(ck_isa isa, const float *query, const uint16_t *keys, const uint16_t *values, size_t row_stride,
                    int64_t head_dim, int64_t first, int64_t last, float scale, int batched, float *scores,
                    float *lanes, float *out);

/// out = silu(gate) · up with ggml's exp, as llama.cpp's SwiGLU; out may alias gate or up.
void ck_silu_gated(ck_isa isa, const float *gate, const float *up, float *out, int64_t n);

#ifdef __cplusplus
}
#endif

#endif
