/* A stand-in for Windows' icuuc.dll, for running the Windows build under Wine only (Wine 8 has no ICU).
 * Qt6Core.dll links to these ICU converter functions; Windows 10 1903 and later ship the real DLL.
 * ucnv_open reports that no converter exists, so Qt falls back to its own UTF-8/UTF-16/Latin-1 codecs.
 * Built with mingw-w64 by installer/build-windows.sh and put in the Wine prefix: never in the bundle. */
#include <stddef.h>

#define U_UNSUPPORTED_ERROR 16
#define EXPORT __declspec(dllexport)

EXPORT void *ucnv_open(const char *name, int *err) { (void)name; if (err && *err <= 0) *err = U_UNSUPPORTED_ERROR; return NULL; }
EXPORT void ucnv_close(void *cnv) { (void)cnv; }
EXPORT void ucnv_reset(void *cnv) { (void)cnv; }
EXPORT int ucnv_getMaxCharSize(const void *cnv) { (void)cnv; return 1; }
EXPORT const char *ucnv_getName(const void *cnv, int *err) { (void)cnv; if (err && *err <= 0) *err = U_UNSUPPORTED_ERROR; return NULL; }
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, int *err) { (void)name; (void)standard; if (err && *err <= 0) *err = U_UNSUPPORTED_ERROR; return NULL; }
EXPORT const char *ucnv_getAvailableName(int n) { (void)n; return NULL; }
EXPORT int ucnv_countAvailable(void) { return 0; }
EXPORT void ucnv_getToUCallBack(const void *c, void **a, const void **b) { (void)c; if (a) *a = NULL; if (b) *b = NULL; }
EXPORT void ucnv_getFromUCallBack(const void *c, void **a, const void **b) { (void)c; if (a) *a = NULL; if (b) *b = NULL; }
EXPORT void ucnv_setToUCallBack(void *c, void *n, const void *nc, void **o, const void **oc, int *err) { (void)c; (void)n; (void)nc; if (o) *o = NULL; if (oc) *oc = NULL; if (err && *err <= 0) *err = U_UNSUPPORTED_ERROR; }
EXPORT void ucnv_setFromUCallBack(void *c, void *n, const void *nc, void **o, const void **oc, int *err) { (void)c; (void)n; (void)nc; if (o) *o = NULL; if (oc) *oc = NULL; if (err && *err <= 0) *err = U_UNSUPPORTED_ERROR; }
EXPORT void ucnv_cbToUWriteUChars(void *a, const void *s, int l, int o, int *err) { (void)a; (void)s; (void)l; (void)o; if (err && *err <= 0) *err = U_UNSUPPORTED_ERROR; }
EXPORT void ucnv_cbFromUWriteUChars(void *a, const void **s, const void *l, int o, int *err) { (void)a; (void)s; (void)l; (void)o; if (err && *err <= 0) *err = U_UNSUPPORTED_ERROR; }
EXPORT int ucnv_toUCountPending(const void *c, int *err) { (void)c; if (err && *err <= 0) *err = U_UNSUPPORTED_ERROR; return 0; }
EXPORT int ucnv_fromUCountPending(const void *c, int *err) { (void)c; if (err && *err <= 0) *err = U_UNSUPPORTED_ERROR; return 0; }
EXPORT void ucnv_toUnicode(void *c, void **t, const void *tl, const char **s, const char *sl, int *o, int f, int *err) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; if (err && *err <= 0) *err = U_UNSUPPORTED_ERROR; }
EXPORT void ucnv_fromUnicode(void *c, char **t, const char *tl, const void **s, const void *sl, int *o, int f, int *err) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; if (err && *err <= 0) *err = U_UNSUPPORTED_ERROR; }
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(void) {}
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(void) {}
