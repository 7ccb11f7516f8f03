// Run-time choice of the instruction set, activation formats and the row loop.
#include "internal.h"

#if CK_X86
#include <cpuid.h>

/// What this CPU and its operating system support, read from cpuid once.
typedef struct ck_cpu {
    int avx2, avxvnni, avx512, avx512_bf16;
} ck_cpu;

static ck_cpu ck_read_cpu(void) {
    ck_cpu cpu = {0};
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return cpu;
    const int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1, f16c = (c >> 29) & 1;
    if (!(fma && osxsave && avx && f16c)) return cpu;
    // The operating system must save the registers: XMM and YMM state, and for AVX-512 also the opmask and
    // both halves of the ZMM state.
    unsigned xcr0_low, xcr0_high;
    __asm__("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    const int ymm_state = (xcr0_low & 0x6) == 0x6, zmm_state = (xcr0_low & 0xe6) == 0xe6;
    if (!ymm_state || __get_cpuid_max(0, 0) < 7) return cpu;
    __cpuid_count(7, 0, a, b, c, d);
    const unsigned leaf7_ebx = b, leaf7_ecx = c;
    __cpuid_count(7, 1, a, b, c, d);
    const unsigned leaf7_1_eax = a;
    cpu.avx2 = (leaf7_ebx >> 5) & 1;
    cpu.avxvnni = cpu.avx2 && ((leaf7_1_eax >> 4) & 1);
    const unsigned f = 1u << 16, dq = 1u << 17, bw = 1u << 30, vl = 1u << 31;
    cpu.avx512 = cpu.avx2 && zmm_state && (leaf7_ebx & (f | dq | bw | vl)) == (f | dq | bw | vl)
              && ((leaf7_ecx >> 11) & 1);
    cpu.avx512_bf16 = cpu.avx512 && ((leaf7_1_eax >> 5) & 1);
    return cpu;
}

static const ck_cpu *ck_this_cpu(void) {
    static ck_cpu cpu;
    static int read = 0;
    // Racing first calls compute the same value; the flag is set after the value is complete.
    if (!__atomic_load_n(&read, __ATOMIC_ACQUIRE)) {
        cpu = ck_read_cpu();
        __atomic_store_n(&read, 1, __ATOMIC_RELEASE);
    }
    return &cpu;
}
#endif

int ck_isa_available(ck_isa isa) {
    switch (isa) {
    case CK_ISA_SCALAR:
        return 1;
#if CK_X86
    case CK_ISA_AVX2: return ck_this_cpu()->avx2;
    case CK_ISA_AVXVNNI: return ck_this_cpu()->avxvnni;
    case CK_ISA_AVX512: return ck_this_cpu()->avx512;
#else
    default: return 0;
#endif
    }
    return 0;
}

int ck_has_avx512_bf16(void) {
#if CK_X86
    return ck_this_cpu()->avx512_bf16;
#else
    return 0;
#endif
}

ck_isa ck_best_isa(void) {
    if (ck_isa_available(CK_ISA_AVX512)) return CK_ISA_AVX512;
    if (ck_isa_available(CK_ISA_AVXVNNI)) return CK_ISA_AVXVNNI;
    return ck_isa_available(CK_ISA_AVX2) ? CK_ISA_AVX2 : CK_ISA_SCALAR;
}

ck_activation_format ck_activation_format_for(uint32_t ggml_type) {
    switch (ggml_type) {
    case CK_TYPE_Q4_0: case CK_TYPE_Q5_0: case CK_TYPE_Q8_0: return CK_ACTIVATION_Q8_0;
    case CK_TYPE_Q4_1: case CK_TYPE_Q5_1: return CK_ACTIVATION_Q8_1;
    case CK_TYPE_Q4_K: case CK_TYPE_Q5_K: case CK_TYPE_Q6_K: return CK_ACTIVATION_Q8_K;
    case CK_TYPE_BF16: return CK_ACTIVATION_BF16_PAIR;
    default: return CK_ACTIVATION_NONE;
    }
}

int64_t ck_activation_block_size(ck_activation_format format) {
    switch (format) {
    case CK_ACTIVATION_Q8_0: case CK_ACTIVATION_Q8_1: return 32;
    case CK_ACTIVATION_Q8_K: return 256;
    case CK_ACTIVATION_BF16_PAIR: case CK_ACTIVATION_BF16: return 1;
    default: return 0;
    }
}

size_t ck_activation_bytes(ck_activation_format format, int64_t n) {
    const size_t count = (size_t)n;
    switch (format) {
    case CK_ACTIVATION_Q8_0: return count + count / 32 * sizeof(float);
    case CK_ACTIVATION_Q8_1: return count + count / 32 * 2 * sizeof(float);
    case CK_ACTIVATION_Q8_K: return count + count / 256 * sizeof(float) + count / 16 * sizeof(int16_t);
    case CK_ACTIVATION_BF16_PAIR: return 2 * count * sizeof(uint16_t);
    case CK_ACTIVATION_BF16: return count * sizeof(uint16_t);
    default: return 0;
    }
}

ck_activation ck_activation_view(ck_activation_format format, const void *buffer, int64_t n) {
    const uint8_t *base = buffer;
    if (format == CK_ACTIVATION_BF16_PAIR || format == CK_ACTIVATION_BF16) {
        const uint16_t *high = buffer;
        return (ck_activation){ .high = high, .low = format == CK_ACTIVATION_BF16_PAIR ? high + n : NULL };
    }
    ck_activation a = { .q = (const int8_t *)base, .scale = (const float *)(base + n) };
    if (format == CK_ACTIVATION_Q8_1) a.sum = a.scale + n / 32;
    if (format == CK_ACTIVATION_Q8_K) a.sums16 = (const int16_t *)(a.scale + n / 256);
    return a;
}

void ck_quantize(ck_activation_format format, ck_isa isa, const float *x, int64_t n, void *out) {
    if (format == CK_ACTIVATION_BF16_PAIR || format == CK_ACTIVATION_BF16) {
        uint16_t *high = out;
        ck_bf16_split_scalar(x, n, high, format == CK_ACTIVATION_BF16_PAIR ? high + n : NULL);
        return;
    }
#if CK_X86
    // The SIMD quantisations give identical bytes; AVX2's serves every x86 set.
    if (isa != CK_ISA_SCALAR) { ck_quantize_avx2(format, x, n, out); return; }
#endif
    (void)isa;
    ck_quantize_scalar(format, x, n, out);
}

static int ck_kernel_of(uint32_t ggml_type, ck_kernel *kernel, int64_t *block_size) {
    switch (ggml_type) {
    case CK_TYPE_Q4_0: *kernel = CK_KERNEL_Q4_0; *block_size = 32; return 1;
    case CK_TYPE_Q4_1: *kernel = CK_KERNEL_Q4_1; *block_size = 32; return 1;
    case CK_TYPE_Q5_0: *kernel = CK_KERNEL_Q5_0; *block_size = 32; return 1;
    case CK_TYPE_Q5_1: *kernel = CK_KERNEL_Q5_1; *block_size = 32; return 1;
    case CK_TYPE_Q8_0: *kernel = CK_KERNEL_Q8_0; *block_size = 32; return 1;
    case CK_TYPE_Q4_K: *kernel = CK_KERNEL_Q4_K; *block_size = 256; return 1;
    case CK_TYPE_Q5_K: *kernel = CK_KERNEL_Q5_K; *block_size = 256; return 1;
    case CK_TYPE_Q6_K: *kernel = CK_KERNEL_Q6_K; *block_size = 256; return 1;
    default: return 0;
    }
}

/// Rows per chunk of a batched product: every group of activations passes over one chunk of rows before the
/// next, so the chunk (≈ 256 KiB) is read from memory once and then from the core's L2 cache.
static int64_t ck_chunk_rows(size_t row_stride) {
    const int64_t rows = (int64_t)((256 * 1024) / (row_stride ? row_stride : 1));
    return rows < 2 ? 2 : rows & ~(int64_t)1;
}

/// One group of activations (1 ≤ count ≤ CK_GROUP) times every row.
static void ck_dot_group(ck_kernel kernel, ck_isa isa, const uint8_t *rows, size_t row_stride, int64_t row_count,
                         const ck_activation *views, int count, int64_t blocks, ck_k_order order, float *y,
                         int64_t y_stride) {
    float out[2][CK_GROUP];
#if CK_X86
    if (isa == CK_ISA_AVX512) {
        // Rows in pairs; a last odd row goes with itself and its copy is dropped.
        for (int64_t r = 0; r < row_count; r += 2) {
            const uint8_t *row0 = rows + (size_t)r * row_stride;
            const uint8_t *row1 = r + 1 < row_count ? row0 + row_stride : row0;
            ck_avx512_dots2[kernel](row0, row1, views, count, blocks, order, out[0], out[1]);
            for (int a = 0; a < count; ++a) y[a * y_stride + r] = out[0][a];
            if (r + 1 < row_count)
                for (int a = 0; a < count; ++a) y[a * y_stride + r + 1] = out[1][a];
        }
        return;
    }
    const ck_dots_fn *table = isa == CK_ISA_AVXVNNI ? ck_avxvnni_dots : isa == CK_ISA_AVX2 ? ck_avx2_dots : NULL;
#endif
    for (int64_t r = 0; r < row_count; ++r) {
        const uint8_t *row = rows + (size_t)r * row_stride;
#if CK_X86
        if (table) {
            table[kernel](row, views, count, blocks, order, out[0]);
        } else
#endif
        for (int a = 0; a < count; ++a) out[0][a] = ck_scalar_dots[kernel](row, &views[a], blocks);
        for (int a = 0; a < count; ++a) y[a * y_stride + r] = out[0][a];
    }
}

static void ck_dot_rows_bf16(ck_activation_format format, ck_isa isa, const uint16_t *rows, size_t row_stride,
                             int64_t row_count, int64_t n, const uint8_t *activations, int64_t activation_count,
                             float *y, int64_t y_stride) {
    ck_bf16_rows_fn kernel = ck_bf16_rows_scalar;
#if CK_X86
    if (isa == CK_ISA_AVX512 && ck_has_avx512_bf16()) kernel = ck_bf16_rows_avx512;
    else if (isa != CK_ISA_SCALAR) kernel = ck_bf16_rows_avx2;
#endif
    const size_t activation_bytes = ck_activation_bytes(format, n);
    const int64_t chunk = ck_chunk_rows(row_stride);
    for (int64_t start = 0; start < row_count; start += chunk) {
        const int64_t chunk_rows = row_count - start < chunk ? row_count - start : chunk;
        const uint16_t *chunk_base = (const uint16_t *)((const uint8_t *)rows + (size_t)start * row_stride);
        for (int64_t first = 0; first < activation_count; first += CK_GROUP) {
            const int64_t count = activation_count - first < CK_GROUP ? activation_count - first : CK_GROUP;
            ck_activation views[CK_GROUP];
            for (int64_t a = 0; a < count; ++a)
                views[a] = ck_activation_view(format, activations + (size_t)(first + a) * activation_bytes, n);
            kernel(chunk_base, row_stride, chunk_rows, n, views, count, y + first * y_stride + start, y_stride);
        }
    }
}

void ck_dot_rows(uint32_t ggml_type, ck_activation_format format, ck_isa isa, const void *rows, size_t row_stride,
                 int64_t row_count, int64_t n, const void *activations, int64_t activation_count, float *y,
                 int64_t y_stride) {
    if (ggml_type == CK_TYPE_BF16) {
        ck_dot_rows_bf16(format, isa, rows, row_stride, row_count, n, activations, activation_count, y, y_stride);
        return;
    }
    ck_kernel kernel;
    int64_t block_size;
    if (!ck_kernel_of(ggml_type, &kernel, &block_size) || format != ck_activation_format_for(ggml_type)) return;
    const size_t activation_bytes = ck_activation_bytes(format, n);
    const int64_t blocks = n / block_size;
#if CK_X86
    if ((isa == CK_ISA_AVX2 || isa == CK_ISA_AVXVNNI) && activation_count == 1) {
        const ck_activation view = ck_activation_view(format, activations, n);
        (isa == CK_ISA_AVX2 ? ck_avx2_rows : ck_avxvnni_rows)[kernel](rows, row_stride, row_count, &view, blocks, y);
        return;
    }
#endif
    // Activations go in groups that the kernels take together; each weight row is read once per group,
    // from cache after the first (chunks of rows). The first `batched` activations are summed in
    // the order llama.cpp uses for them in a batch of activation_count tokens, the rest as lone tokens.
    int64_t batched = 0;
    if (kernel == CK_KERNEL_Q4_K) batched = activation_count - activation_count % 4;
    if (kernel == CK_KERNEL_Q6_K && activation_count >= 8) batched = activation_count;
    const int64_t chunk = activation_count > 1 ? ck_chunk_rows(row_stride) : row_count;
    for (int64_t start = 0; start < row_count; start += chunk) {
        const int64_t chunk_rows = row_count - start < chunk ? row_count - start : chunk;
        const uint8_t *chunk_base = (const uint8_t *)rows + (size_t)start * row_stride;
        int count;
        for (int64_t first = 0; first < activation_count; first += count) {
            const int64_t end = first < batched ? batched : activation_count;
            count = end - first < CK_GROUP ? (int)(end - first) : CK_GROUP;
            const ck_k_order order = first < batched ? CK_K_ORDER_BATCHED : CK_K_ORDER_SINGLE;
            ck_activation views[CK_GROUP];
            for (int a = 0; a < count; ++a) {
                views[a] = ck_activation_view(format, (const uint8_t *)activations + (size_t)(first + a) * activation_bytes, n);
            }
            ck_dot_group(kernel, isa, chunk_base, row_stride, chunk_rows, views, count, blocks, order,
                         y + first * y_stride + start, y_stride);
        }
    }
}
