#ifndef SOV_CURL_H
#define SOV_CURL_H
#include <curl/curl.h>

/* Non-variadic wrappers around curl_easy_setopt / curl_easy_getinfo, which Swift cannot call directly. */
typedef size_t (*sov_curl_write_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);

CURLcode sov_curl_set_string(CURL *handle, CURLoption option, const char *value);
CURLcode sov_curl_set_long(CURL *handle, CURLoption option, long value);
CURLcode sov_curl_set_pointer(CURL *handle, CURLoption option, void *value);
CURLcode sov_curl_set_write_callback(CURL *handle, sov_curl_write_callback callback);
CURLcode sov_curl_set_post_body(CURL *handle, const void *data, long length);
long sov_curl_response_code(CURL *handle);
#endif
