// Wide-character ncurses for Swift. Curses exposes much of its API as macros, which Swift cannot
// call; the inline functions below give those macros a callable form.
#ifndef MASTUI_CNCURSES_SHIM_H
#define MASTUI_CNCURSES_SHIM_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <langinfo.h>
#include <locale.h>
#include <string.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline int mas_getmaxy(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int mas_getmaxx(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }
static inline int mas_getcury(WINDOW *w) { int y, x; getyx(w, y, x); (void)x; return y; }
static inline int mas_getcurx(WINDOW *w) { int y, x; getyx(w, y, x); (void)y; return x; }
static inline attr_t mas_color_pair(int n) { return (attr_t)COLOR_PAIR(n); }
static inline int mas_pair_number(attr_t a) { return (int)PAIR_NUMBER(a); }
static inline attr_t mas_a_normal(void) { return A_NORMAL; }
static inline attr_t mas_a_bold(void) { return A_BOLD; }
static inline attr_t mas_a_dim(void) { return A_DIM; }
static inline attr_t mas_a_reverse(void) { return A_REVERSE; }
static inline attr_t mas_a_underline(void) { return A_UNDERLINE; }
static inline attr_t mas_a_italic(void) { return A_ITALIC; }
static inline int mas_key_f(int n) { return KEY_F(n); }
static inline WINDOW *mas_stdscr(void) { return stdscr; }
static inline int mas_colors(void) { return COLORS; }
static inline int mas_color_pairs(void) { return COLOR_PAIRS; }
static inline int mas_lines(void) { return LINES; }
static inline int mas_cols(void) { return COLS; }

// Draws one cell: a wide character (or a grapheme's base character) with attributes and a pair.
static inline int mas_put_cell(WINDOW *w, int y, int x, const wchar_t *chars, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, chars, attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(w, y, x, &cell);
}

// Reads back the base character of the cell at (y, x); 0 on error.
static inline wchar_t mas_cell_char(WINDOW *w, int y, int x) {
    cchar_t cell;
    wchar_t chars[CCHARW_MAX + 1];
    attr_t attrs; short pair;
    if (mvwin_wch(w, y, x, &cell) != OK) return 0;
    if (getcchar(&cell, chars, &attrs, &pair, NULL) == ERR) return 0;
    return chars[0];
}

// The standard streams, for newterm (Swift 6 cannot read C's mutable globals).
static inline FILE *mas_stdout(void) { return stdout; }
static inline FILE *mas_stdin(void) { return stdin; }

// 1 when the current locale's character set is UTF-8 (call after setlocale).
static inline int mas_codeset_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

// Mouse reports mastui asks for: left click and the wheel (buttons 4 and 5).
static inline mmask_t mas_mouse_mask(void) {
    return BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED;
}
static inline int mas_mouse_is_click(mmask_t state) { return (state & (BUTTON1_PRESSED | BUTTON1_CLICKED)) != 0; }
static inline int mas_mouse_is_wheel_up(mmask_t state) { return (state & BUTTON4_PRESSED) != 0; }
static inline int mas_mouse_is_wheel_down(mmask_t state) { return (state & BUTTON5_PRESSED) != 0; }

#endif
