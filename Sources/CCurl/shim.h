// libcurl for Swift. curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot
// call; these typed wrappers give each argument kind its own function.
#ifndef MASTUI_CCURL_SHIM_H
#define MASTUI_CCURL_SHIM_H
#include <curl/curl.h>

typedef size_t (*mas_curl_write_fn)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*mas_curl_progress_fn)(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode mas_curl_setopt_long(CURL *c, CURLoption o, long v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode mas_curl_setopt_string(CURL *c, CURLoption o, const char *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode mas_curl_setopt_pointer(CURL *c, CURLoption o, void *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode mas_curl_setopt_slist(CURL *c, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode mas_curl_setopt_write(CURL *c, CURLoption o, mas_curl_write_fn f) { return curl_easy_setopt(c, o, f); }
static inline CURLcode mas_curl_setopt_progress(CURL *c, CURLoption o, mas_curl_progress_fn f) { return curl_easy_setopt(c, o, f); }
static inline CURLcode mas_curl_setopt_offset(CURL *c, CURLoption o, curl_off_t v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode mas_curl_getinfo_long(CURL *c, CURLINFO i, long *v) { return curl_easy_getinfo(c, i, v); }
static inline CURLcode mas_curl_getinfo_double(CURL *c, CURLINFO i, double *v) { return curl_easy_getinfo(c, i, v); }
#endif
