// OpenBLAS's CBLAS interface (Debian puts cblas.h under the openblas include directory that
// pkg-config names). Only MASKit/Math uses it.
#ifndef MASTUI_COPENBLAS_SHIM_H
#define MASTUI_COPENBLAS_SHIM_H
#include <cblas.h>
#endif
