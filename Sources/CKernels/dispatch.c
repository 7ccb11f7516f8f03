// Run-time choice of the instruction set, activation formats and the row loop.
#include "internal.h"

int ck_isa_available(ck_isa isa) {
    switch (isa) {
    case CK_ISA_SCALAR:
        return 1;
    case CK_ISA_AVX2:
#if CK_X86
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
#else
        return 0;
#endif
    }
    return 0;
}

ck_isa ck_best_isa(void) {
    return ck_isa_available(CK_ISA_AVX2) ? CK_ISA_AVX2 : CK_ISA_SCALAR;
}

ck_activation_format ck_activation_format_for(uint32_t ggml_type) {
    switch (ggml_type) {
    case CK_TYPE_Q4_0: case CK_TYPE_Q5_0: case CK_TYPE_Q8_0: return CK_ACTIVATION_Q8_0;
    case CK_TYPE_Q4_1: case CK_TYPE_Q5_1: return CK_ACTIVATION_Q8_1;
    case CK_TYPE_Q4_K: case CK_TYPE_Q5_K: case CK_TYPE_Q6_K: return CK_ACTIVATION_Q8_K;
    default: return CK_ACTIVATION_NONE;
    }
}

int64_t ck_activation_block_size(ck_activation_format format) {
    switch (format) {
    case CK_ACTIVATION_Q8_0: case CK_ACTIVATION_Q8_1: return 32;
    case CK_ACTIVATION_Q8_K: return 256;
    default: return 0;
    }
}

size_t ck_activation_bytes(ck_activation_format format, int64_t n) {
    const size_t count = (size_t)n;
    switch (format) {
    case CK_ACTIVATION_Q8_0: return count + count / 32 * sizeof(float);
    case CK_ACTIVATION_Q8_1: return count + count / 32 * 2 * sizeof(float);
    case CK_ACTIVATION_Q8_K: return count + count / 256 * sizeof(float) + count / 16 * sizeof(int16_t);
    default: return 0;
    }
}

ck_activation ck_activation_view(ck_activation_format format, const void *buffer, int64_t n) {
    const uint8_t *base = buffer;
    ck_activation a = { .q = (const int8_t *)base, .scale = (const float *)(base + n) };
    if (format == CK_ACTIVATION_Q8_1) a.sum = a.scale + n / 32;
    if (format == CK_ACTIVATION_Q8_K) a.sums16 = (const int16_t *)(a.scale + n / 256);
    return a;
}

void ck_quantize(ck_activation_format format, ck_isa isa, const float *x, int64_t n, void *out) {
#if CK_X86
    if (isa == CK_ISA_AVX2) { ck_quantize_avx2(format, x, n, out); return; }
#endif
    (void)isa;
    ck_quantize_scalar(format, x, n, out);
}

static int ck_kernel_of(uint32_t ggml_type, ck_kernel *kernel, int64_t *block_size, size_t *block_bytes) {
    switch (ggml_type) {
    case CK_TYPE_Q4_0: *kernel = CK_KERNEL_Q4_0; *block_size = 32; *block_bytes = 18; return 1;
    case CK_TYPE_Q4_1: *kernel = CK_KERNEL_Q4_1; *block_size = 32; *block_bytes = 20; return 1;
    case CK_TYPE_Q5_0: *kernel = CK_KERNEL_Q5_0; *block_size = 32; *block_bytes = 22; return 1;
    case CK_TYPE_Q5_1: *kernel = CK_KERNEL_Q5_1; *block_size = 32; *block_bytes = 24; return 1;
    case CK_TYPE_Q8_0: *kernel = CK_KERNEL_Q8_0; *block_size = 32; *block_bytes = 34; return 1;
    case CK_TYPE_Q4_K: *kernel = CK_KERNEL_Q4_K; *block_size = 256; *block_bytes = 144; return 1;
    case CK_TYPE_Q5_K: *kernel = CK_KERNEL_Q5_K; *block_size = 256; *block_bytes = 176; return 1;
    case CK_TYPE_Q6_K: *kernel = CK_KERNEL_Q6_K; *block_size = 256; *block_bytes = 210; return 1;
    default: return 0;
    }
}

void ck_dot_rows(uint32_t ggml_type, ck_isa isa, const void *rows, size_t row_stride, int64_t row_count,
                 int64_t n, const void *activations, int64_t activation_count, float *y, int64_t y_stride) {
    ck_kernel kernel;
    int64_t block_size;
    size_t block_bytes;
    if (!ck_kernel_of(ggml_type, &kernel, &block_size, &block_bytes)) return;
    const ck_activation_format format = ck_activation_format_for(ggml_type);
    const size_t activation_bytes = ck_activation_bytes(format, n);
    const int64_t blocks = n / block_size;
#if CK_X86
    if (isa == CK_ISA_AVX2 && activation_count == 1) {
        const ck_activation view = ck_activation_view(format, activations, n);
        ck_avx2_rows[kernel](rows, row_stride, row_count, &view, blocks, y);
        return;
    }
#endif
    // Activations go in groups that the kernels take together; each weight row is read once per group,
    // and the rows of one call stay in cache across groups. The first `batched` activations are summed in
    // the order llama.cpp uses for them in a batch of activation_count tokens, the rest as lone tokens.
    int64_t batched = 0;
    if (kernel == CK_KERNEL_Q4_K) batched = activation_count - activation_count % 4;
    if (kernel == CK_KERNEL_Q6_K && activation_count >= 8) batched = activation_count;
    int count;
    for (int64_t first = 0; first < activation_count; first += count) {
        const int64_t end = first < batched ? batched : activation_count;
        count = end - first < CK_GROUP ? (int)(end - first) : CK_GROUP;
        const ck_k_order order = first < batched ? CK_K_ORDER_BATCHED : CK_K_ORDER_SINGLE;
        ck_activation views[CK_GROUP];
        for (int a = 0; a < count; ++a) {
            views[a] = ck_activation_view(format, (const uint8_t *)activations + (size_t)(first + a) * activation_bytes, n);
        }
        for (int64_t r = 0; r < row_count; ++r) {
            const uint8_t *row = (const uint8_t *)rows + (size_t)r * row_stride;
            float out[CK_GROUP];
#if CK_X86
            if (isa == CK_ISA_AVX2) {
                ck_avx2_dots[kernel](row, views, count, blocks, order, out);
            } else
#endif
            for (int a = 0; a < count; ++a) out[a] = ck_scalar_dots[kernel](row, &views[a], blocks);
            for (int a = 0; a < count; ++a) y[(first + a) * y_stride + r] = out[a];
        }
    }
}
