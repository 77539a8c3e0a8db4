/*
 * A test double of the CoreFoundation and Security.framework functions SystemTrust's macOS backend calls, built
 * with the machine's gcc at test time and loaded by the backend's real JNA bindings on Linux.
 *
 * Types are transcribed from Apple's published headers (CFBase.h, CFArray.h, CFDictionary.h, CFData.h, CFString.h,
 * CFNumber.h, CFDate.h, CFError.h, MacTypes.h, SecBase.h, SecTrustSettings.h, SecTrust.h, SecPolicy.h,
 * SecCertificate.h, SecItem.h). macOS on x86-64 and arm64 and Linux on x86-64 are all LP64, so CFIndex (signed
 * long), CFTypeID (unsigned long) and pointers are 8 bytes, Boolean 1, OSStatus and CFStringEncoding 4: the static
 * asserts below hold that, and CFRange (two CFIndex) travels by value in two integer registers on both ABIs.
 *
 * It checks what it is given: every CF object passed in must be one it created, alive, and of the expected type;
 * indexes and CFRanges must be in bounds; encodings must be UTF-8; out-pointers non-NULL; callbacks the kCFType
 * ones. Each object carries a retain count and the number of those references its containers (arrays,
 * dictionaries, SecTrusts) own: the tests fail on a leak (objects alive after the call under test), a double
 * release, a use after release, and a CFRelease of a reference the caller does not own (one borrowed from
 * CFArrayGetValueAtIndex or CFDictionaryGetValue: the Get rule). Released objects are poisoned and kept in
 * quarantine for a while, so a stale pointer is recognised instead of silently reused. Problems are recorded as
 * errors the tests read, never a crash of the JVM.
 *
 * Functions whose C return type is the one-byte Boolean or bool return a 64-bit value here, with junk above the low
 * byte (see WIDE_BOOLEAN). A test hook (shim_set_call_hook) can run Java code, e.g. a garbage collection, inside
 * the calls that read caller memory.
 *
 * An evaluation builds the chain the fake OS "validated": the certificates given, or the leaf followed by the
 * certificates a test configured (shim_chain_built: ones the OS found itself, as macOS does from its keychains and
 * anchors). SecTrustCopyCertificateChain, SecTrustGetCertificateCount and SecTrustGetCertificateAtIndex answer
 * from it, and only after an evaluation (macOS would evaluate first; a caller asking before its own evaluation
 * would not read the chain it evaluated).
 *
 * Compiled with -DSHIM_NO_EVALUATE_WITH_ERROR it lacks SecTrustEvaluateWithError, as macOS before 10.14 does;
 * with -DSHIM_NO_COPY_CERTIFICATE_CHAIN it lacks SecTrustCopyCertificateChain, as macOS before 12 does.
 */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

/* MacTypes.h / CFBase.h */
typedef unsigned char Boolean;
typedef uint8_t UInt8;
typedef uint32_t UInt32;
typedef int32_t SInt32;
typedef SInt32 OSStatus;
typedef signed long CFIndex;
typedef unsigned long CFTypeID;
typedef const void *CFTypeRef;
typedef const void *CFAllocatorRef;
typedef const void *CFStringRef;
typedef UInt32 CFStringEncoding;
typedef struct {
    CFIndex location;
    CFIndex length;
} CFRange;
/* CFNumber.h: enum CFNumberType : CFIndex */
typedef CFIndex CFNumberType;
/* CFDate.h */
typedef double CFAbsoluteTime;
/* SecTrustSettings.h: typedef CF_ENUM(uint32, SecTrustSettingsDomain) */
typedef uint32_t SecTrustSettingsDomain;

_Static_assert(sizeof(CFIndex) == 8, "CFIndex is a signed long: 64-bit on LP64");
_Static_assert(sizeof(CFTypeID) == 8, "CFTypeID is an unsigned long: 64-bit on LP64");
_Static_assert(sizeof(Boolean) == 1, "Boolean is an unsigned char");
_Static_assert(sizeof(bool) == 1, "SecTrustEvaluateWithError returns a one-byte bool");
_Static_assert(sizeof(OSStatus) == 4, "OSStatus is SInt32");
_Static_assert(sizeof(CFStringEncoding) == 4, "CFStringEncoding is UInt32");
_Static_assert(sizeof(CFRange) == 16, "CFRange is two CFIndex");
_Static_assert(sizeof(void *) == 8, "LP64");

/*
 * One-byte returns (Boolean, bool) with dirty upper bits. The x86-64 System V ABI defines only the low 8 bits of
 * the return register for a one-byte result (for _Bool, bit 0 with bits 1-7 zero; "other bits are left
 * unspecified"), and gcc happens to zero-extend, so a shim declared with Apple's one-byte types would return a clean
 * register and a binding mapping the result as JNA `boolean` (which reads 32 bits) would pass here by luck and read
 * true for every false answer wherever a compiler leaves junk there. These functions are therefore declared with a
 * 64-bit return type in this shim only, and return their one-byte answer with 0xA5 junk above it: the worst case the
 * ABI allows. The bindings read one byte (JNA `byte`), which sees exactly 0 or 1; a 4-byte mapping sees non-zero.
 */
typedef uint64_t WideBoolean;
#define WIDE_BOOLEAN(value) (0xA5A5A5A5A5A5A500ull | ((value) ? 1u : 0u))

/* CFArray.h / CFDictionary.h callback structures (their addresses are what callers pass). */
typedef struct {
    CFIndex version;
    const void *(*retain)(CFAllocatorRef, const void *);
    void (*release)(CFAllocatorRef, const void *);
    CFStringRef (*copyDescription)(const void *);
    Boolean (*equal)(const void *, const void *);
} CFArrayCallBacks;
typedef struct {
    CFIndex version;
    const void *(*retain)(CFAllocatorRef, const void *);
    void (*release)(CFAllocatorRef, const void *);
    CFStringRef (*copyDescription)(const void *);
    Boolean (*equal)(const void *, const void *);
    unsigned long (*hash)(const void *);
} CFDictionaryKeyCallBacks;
typedef struct {
    CFIndex version;
    const void *(*retain)(CFAllocatorRef, const void *);
    void (*release)(CFAllocatorRef, const void *);
    CFStringRef (*copyDescription)(const void *);
    Boolean (*equal)(const void *, const void *);
} CFDictionaryValueCallBacks;

/* SecBase.h */
enum {
    errSecSuccess = 0,
    errSecIO = -36,
    errSecParam = -50,
    errSecInvalidTrustSettings = -25262,
    errSecNoTrustSettings = -25263,
    errSecItemNotFound = -25300,
};
#define kCFStringEncodingUTF8 0x08000100u
#define kCFNumberSInt32Type 3
#define kCFNumberSInt64Type 4
#define SSL_POLICY_OID "1.2.840.113635.100.1.3"

/* ---------------------------------------------------------------------------------------------------------------
 * Objects, retain counts and the registry
 * ------------------------------------------------------------------------------------------------------------- */

enum kind {
    K_STRING = 1, K_NUMBER, K_DATA, K_ARRAY, K_DICTIONARY, K_BOOLEAN, K_DATE, K_ERROR,
    K_CERTIFICATE, K_POLICY, K_TRUST, K_APPLICATION, K_KINDS
};
static const char *KIND_NAMES[K_KINDS] = {"?", "CFString", "CFNumber", "CFData", "CFArray", "CFDictionary",
                                         "CFBoolean", "CFDate", "CFError", "SecCertificate", "SecPolicy",
                                         "SecTrust", "SecTrustedApplication"};
/* CFTypeIDs the shim hands out: distinct, stable, otherwise arbitrary. */
static const CFTypeID TYPE_IDS[K_KINDS] = {0, 7, 22, 20, 19, 18, 21, 42, 32, 300, 301, 302, 303};

#define MAGIC 0x5354534855494d31ull
#define IMMORTAL (1L << 40)

typedef struct obj {
    uint64_t magic;
    int kind;
    long retain;
    long held;     /* how many of the retain count's references containers (arrays, dictionaries, SecTrusts) own */
    bool released;
    bool forgotten; /* alive at a shim_reset: another test's leak, not counted again */
    long id;
    char *text;          /* CFString (UTF-8), SecPolicy OID, CFError description */
    char *text2;         /* SecPolicy name */
    char *host;          /* SecPolicy host name */
    int64_t number;      /* CFNumber value, CFError code */
    int number_type;
    UInt8 *bytes;        /* CFData, SecCertificate DER */
    CFIndex length;
    struct obj **items;  /* CFArray elements, CFDictionary keys */
    struct obj **values; /* CFDictionary values */
    CFIndex count;
    CFIndex capacity;
    bool is_mutable;
    double time;
    struct obj *trust_certificates, *trust_policies, *trust_ocsp, *trust_date;
    struct obj *trust_chain; /* SecTrust: the chain its last evaluation built */
} obj;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Open-addressing set of every object alive or in quarantine. */
static obj **table;
static size_t table_size, table_used;
static long next_id, live_objects;
/* Released objects stay recognisable for this many further releases. */
#define QUARANTINE 200000
static obj **quarantine;
static size_t quarantine_next;

#define MAX_ERRORS 32
static char errors[MAX_ERRORS][512];
static long error_count;

static void error(const char *format, ...) {
    if (error_count < MAX_ERRORS) {
        va_list args;
        va_start(args, format);
        vsnprintf(errors[error_count], sizeof errors[error_count], format, args);
        va_end(args);
    }
    error_count++;
}

static size_t slot_of(const void *p) {
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return (size_t)x & (table_size - 1);
}

static void table_insert(obj *o);

static void table_grow(void) {
    obj **old = table;
    size_t old_size = table_size;
    table_size = table_size ? table_size * 2 : 4096;
    table = calloc(table_size, sizeof *table);
    table_used = 0;
    for (size_t i = 0; i < old_size; i++) {
        if (old[i] && old[i] != (obj *)1) {
            table_insert(old[i]);
        }
    }
    free(old);
}

static void table_insert(obj *o) {
    if ((table_used + 1) * 2 > table_size) {
        table_grow();
    }
    size_t i = slot_of(o);
    while (table[i] && table[i] != (obj *)1) {
        i = (i + 1) & (table_size - 1);
    }
    table[i] = o;
    table_used++;
}

static obj *table_find(const void *p) {
    if (!table_size) {
        return NULL;
    }
    size_t i = slot_of(p);
    while (table[i]) {
        if (table[i] == p) {
            return table[i];
        }
        i = (i + 1) & (table_size - 1);
    }
    return NULL;
}

static void table_remove(obj *o) {
    size_t i = slot_of(o);
    while (table[i]) {
        if (table[i] == o) {
            table[i] = (obj *)1; /* tombstone keeps probe chains intact */
            return;
        }
        i = (i + 1) & (table_size - 1);
    }
}

static obj *new_obj(int kind) {
    obj *o = calloc(1, sizeof *o);
    o->magic = MAGIC;
    o->kind = kind;
    o->retain = 1;
    o->id = ++next_id;
    table_insert(o);
    live_objects++;
    return o;
}

static obj *immortal(obj *o) {
    o->retain = IMMORTAL;
    live_objects--;
    return o;
}

static void free_payload(obj *o) {
    if (o->bytes) {
        memset(o->bytes, 0xDB, (size_t)o->length); /* poison: a reader of freed bytes sees garbage */
    }
    free(o->text);
    free(o->text2);
    free(o->host);
    free(o->bytes);
    free(o->items);
    free(o->values);
    o->text = o->text2 = o->host = NULL;
    o->bytes = NULL;
    o->items = o->values = NULL;
}

static void release_obj(obj *o);
static void release_held(obj *o);

static void destroy(obj *o) {
    o->released = true;
    if (!o->forgotten) {
        live_objects--;
    }
    for (CFIndex i = 0; i < o->count; i++) {
        if (o->items && o->items[i]) {
            release_held(o->items[i]);
        }
        if (o->values && o->values[i]) {
            release_held(o->values[i]);
        }
    }
    obj *children[] = {o->trust_certificates, o->trust_policies, o->trust_ocsp, o->trust_date, o->trust_chain};
    for (size_t i = 0; i < sizeof children / sizeof children[0]; i++) {
        if (children[i]) {
            release_held(children[i]);
        }
    }
    free_payload(o);
    o->count = 0;
    if (quarantine[quarantine_next]) {
        obj *oldest = quarantine[quarantine_next];
        table_remove(oldest);
        free(oldest);
    }
    quarantine[quarantine_next] = o;
    quarantine_next = (quarantine_next + 1) % QUARANTINE;
}

/* Drops one reference; an object already released, or one whose count would go below zero, is an error. */
static void release_obj(obj *o) {
    if (o->retain >= IMMORTAL) {
        return;
    }
    if (o->released || o->retain <= 0) {
        error("%s #%ld released after its last release (retain count %ld): released twice, or a borrowed "
              "reference was released by its borrower", KIND_NAMES[o->kind], o->id, o->retain);
        return;
    }
    if (--o->retain == 0) {
        destroy(o);
    }
}

static obj *retain_obj(obj *o) {
    if (o->retain < IMMORTAL) {
        o->retain++;
    }
    return o;
}

/* A container now owns one of o's references (one it retained, or one handed over to it). */
static obj *held(obj *o) {
    o->held++;
    return o;
}

/* A container lets go of the reference it owned. */
static void release_held(obj *o) {
    o->held--;
    release_obj(o);
}

/* The object behind p, checked: known to this shim, alive, and of the given kind (0: any kind). */
static obj *use(const void *p, int kind, const char *function, const char *argument) {
    if (p == NULL) {
        error("%s: %s is NULL", function, argument);
        return NULL;
    }
    obj *o = table_find(p);
    if (o == NULL || o->magic != MAGIC) {
        error("%s: %s (%p) is not a CF object (never created by this library, or freed long ago)", function,
              argument, p);
        return NULL;
    }
    if (o->released) {
        error("%s: %s is %s #%ld, used after its last release", function, argument, KIND_NAMES[o->kind], o->id);
        return NULL;
    }
    if (kind && o->kind != kind) {
        error("%s: %s is a %s, not a %s", function, argument, KIND_NAMES[o->kind], KIND_NAMES[kind]);
        return NULL;
    }
    return o;
}

static obj *use_optional(const void *p, int kind, const char *function, const char *argument) {
    return p == NULL ? NULL : use(p, kind, function, argument);
}

static bool check_allocator(CFAllocatorRef allocator, const char *function) {
    if (allocator != NULL) {
        error("%s: allocator is not NULL (kCFAllocatorDefault)", function);
        return false;
    }
    return true;
}

static bool valid_utf8(const unsigned char *s) {
    while (*s) {
        int extra = *s < 0x80 ? 0 : (*s & 0xE0) == 0xC0 ? 1 : (*s & 0xF0) == 0xE0 ? 2 : (*s & 0xF8) == 0xF0 ? 3 : -1;
        if (extra < 0) {
            return false;
        }
        s++;
        for (int i = 0; i < extra; i++, s++) {
            if ((*s & 0xC0) != 0x80) {
                return false;
            }
        }
    }
    return true;
}

static CFIndex utf16_length(const char *utf8) {
    CFIndex n = 0;
    for (const unsigned char *s = (const unsigned char *)utf8; *s; s++) {
        if ((*s & 0xC0) != 0x80) {
            n += (*s & 0xF8) == 0xF0 ? 2 : 1;
        }
    }
    return n;
}

static obj *make_string(const char *utf8) {
    obj *o = new_obj(K_STRING);
    o->text = strdup(utf8);
    return o;
}

static obj *make_number(int64_t value, int type) {
    obj *o = new_obj(K_NUMBER);
    o->number = value;
    o->number_type = type;
    return o;
}

static obj *make_data(const UInt8 *bytes, CFIndex length, int kind) {
    obj *o = new_obj(kind);
    o->bytes = malloc(length ? (size_t)length : 1);
    if (length) {
        memcpy(o->bytes, bytes, (size_t)length);
    }
    o->length = length;
    return o;
}

static obj *make_array(void) {
    obj *o = new_obj(K_ARRAY);
    return o;
}

/* Appends, taking over the caller's reference. */
static void array_add(obj *array, obj *item) {
    if (array->count == array->capacity) {
        array->capacity = array->capacity ? array->capacity * 2 : 8;
        array->items = realloc(array->items, (size_t)array->capacity * sizeof *array->items);
    }
    array->items[array->count++] = held(item);
}

static bool equal(obj *a, obj *b) {
    if (a == b) {
        return true;
    }
    return a->kind == K_STRING && b->kind == K_STRING && strcmp(a->text, b->text) == 0;
}

static CFIndex dictionary_index(obj *dictionary, obj *key) {
    for (CFIndex i = 0; i < dictionary->count; i++) {
        if (equal(dictionary->items[i], key)) {
            return i;
        }
    }
    return -1;
}

/* Sets, taking over the caller's references to key and value. */
static void dictionary_put(obj *dictionary, obj *key, obj *value) {
    CFIndex i = dictionary_index(dictionary, key);
    if (i >= 0) {
        release_held(dictionary->values[i]);
        release_obj(key);
        dictionary->values[i] = held(value);
        return;
    }
    if (dictionary->count == dictionary->capacity) {
        dictionary->capacity = dictionary->capacity ? dictionary->capacity * 2 : 8;
        dictionary->items = realloc(dictionary->items, (size_t)dictionary->capacity * sizeof *dictionary->items);
        dictionary->values = realloc(dictionary->values, (size_t)dictionary->capacity * sizeof *dictionary->values);
    }
    dictionary->items[dictionary->count] = held(key);
    dictionary->values[dictionary->count] = held(value);
    dictionary->count++;
}

/* ---------------------------------------------------------------------------------------------------------------
 * Exported constants (what the backend reads with getGlobalVariableAddress)
 * ------------------------------------------------------------------------------------------------------------- */

EXPORT const CFArrayCallBacks kCFTypeArrayCallBacks = {0, NULL, NULL, NULL, NULL};
EXPORT const CFDictionaryKeyCallBacks kCFTypeDictionaryKeyCallBacks = {0, NULL, NULL, NULL, NULL, NULL};
EXPORT const CFDictionaryValueCallBacks kCFTypeDictionaryValueCallBacks = {0, NULL, NULL, NULL, NULL};
EXPORT CFTypeRef kCFBooleanTrue;
EXPORT CFStringRef kSecClass;
EXPORT CFStringRef kSecClassCertificate;
EXPORT CFStringRef kSecMatchLimit;
EXPORT CFStringRef kSecMatchLimitAll;
EXPORT CFStringRef kSecReturnRef;
EXPORT CFStringRef kSecPolicyOid;
/* Exported by Security.framework but not read by the backend: internal here. */
static obj *policy_name_key;

/* ---------------------------------------------------------------------------------------------------------------
 * Test fixtures: what the fake OS holds, faults to inject, and what callers did
 * ------------------------------------------------------------------------------------------------------------- */

typedef struct {
    UInt8 *der;
    CFIndex length;
} blob;

#define MAX_ITEMS 512
static blob domain_certificates[3][MAX_ITEMS];
static int domain_counts[3];
/* 0: normal; 1: success with a NULL array; other: the OSStatus to return */
static int domain_status[3];

typedef struct {
    blob certificate;
    int domain;
    int status;   /* errSecSuccess: settings below; else returned as is */
    bool null_array;
    char *spec;
} settings_fixture;
static settings_fixture settings[MAX_ITEMS];
static int settings_count;

static blob keychain[MAX_ITEMS];
static int keychain_count;
static int keychain_status;

/* The certificates an evaluation puts after the leaf; none: the chain as given. */
static blob built[16];
static int built_count;

typedef struct {
    char function[64];
    int status;
    long skip;      /* calls to let through first */
    long remaining; /* -1: every call */
} fault;
#define MAX_FAULTS 32
static fault faults[MAX_FAULTS];
static int fault_count;

typedef struct {
    char function[64];
    long calls;
} counter;
#define MAX_COUNTERS 64
static counter counters[MAX_COUNTERS];
static int counter_count;

static bool evaluation_trusted = true;
static long evaluation_code;
static char evaluation_description[512];
static blob ocsp[16];
static long ocsp_count = -1;
static double verify_date = NAN;
static char last_hostname[512];
static bool last_hostname_null = true;
static long last_chain_length;
static int last_server_flag = -1;

static void count_call(const char *function) {
    for (int i = 0; i < counter_count; i++) {
        if (strcmp(counters[i].function, function) == 0) {
            counters[i].calls++;
            return;
        }
    }
    if (counter_count < MAX_COUNTERS) {
        snprintf(counters[counter_count].function, sizeof counters[counter_count].function, "%s", function);
        counters[counter_count++].calls = 1;
    }
}

/* Whether a fault is armed for this function; its status in *status. */
static bool faulted(const char *function, int *status) {
    for (int i = 0; i < fault_count; i++) {
        if (strcmp(faults[i].function, function) == 0 && faults[i].remaining != 0) {
            if (faults[i].skip > 0) {
                faults[i].skip--;
                return false;
            }
            if (faults[i].remaining > 0) {
                faults[i].remaining--;
            }
            if (status) {
                *status = faults[i].status;
            }
            return true;
        }
    }
    return false;
}

/* A test-provided callback run at the start of the calls that read caller memory (CFArrayCreate's values,
 * SecTrustCreateWithCertificates' and SecTrustSetOCSPResponse's arrays), told which call it runs in: the tests make
 * it collect garbage and wait for JNA's cleaner, so memory the caller let become unreachable is freed before the
 * shim reads it. Run before the shim's lock is taken. */
typedef void (*call_hook_t)(const char *function);
static call_hook_t call_hook;

static void run_call_hook(const char *function) {
    call_hook_t hook = call_hook;
    if (hook != NULL) {
        hook(function);
    }
}

#define ENTER(name)                     \
    pthread_mutex_lock(&lock);          \
    count_call(name);                   \
    const char *const function = name;  \
    (void)function
#define RETURN(value)                   \
    do {                                \
        pthread_mutex_unlock(&lock);    \
        return value;                   \
    } while (0)
#define RETURN_VOID                     \
    do {                                \
        pthread_mutex_unlock(&lock);    \
        return;                         \
    } while (0)

static void blob_set(blob *b, const UInt8 *der, long length) {
    b->der = malloc(length ? (size_t)length : 1);
    memcpy(b->der, der, (size_t)length);
    b->length = length;
}

static bool blob_equals(const blob *b, const obj *o) {
    return b->length == o->length && memcmp(b->der, o->bytes, (size_t)o->length) == 0;
}

/* ---------------------------------------------------------------------------------------------------------------
 * CoreFoundation
 * ------------------------------------------------------------------------------------------------------------- */

EXPORT void CFRelease(CFTypeRef cf) {
    ENTER("CFRelease");
    obj *o = table_find(cf);
    if (cf == NULL) {
        error("CFRelease: NULL (CFRelease(NULL) crashes on macOS)");
    } else if (o == NULL || o->magic != MAGIC) {
        error("CFRelease: %p is not a CF object", cf);
    } else if (o->released) {
        error("CFRelease: %s #%ld released again after its last release (double release)", KIND_NAMES[o->kind],
              o->id);
    } else if (o->retain >= IMMORTAL) {
        error("CFRelease: %s #%ld is a framework constant the caller does not own", KIND_NAMES[o->kind], o->id);
    } else if (o->retain - 1 < o->held) {
        error("CFRelease: %s #%ld has %ld references, %ld of them owned by the containers holding it: the caller "
              "releases a reference it does not own (one borrowed from a Get function: CFArrayGetValueAtIndex, "
              "CFDictionaryGetValue)", KIND_NAMES[o->kind], o->id, o->retain, o->held);
    } else {
        release_obj(o);
    }
    RETURN_VOID;
}

EXPORT CFTypeID CFGetTypeID(CFTypeRef cf) {
    ENTER("CFGetTypeID");
    obj *o = use(cf, 0, function, "cf");
    RETURN(o ? TYPE_IDS[o->kind] : 0);
}

EXPORT CFTypeID CFArrayGetTypeID(void) {
    return TYPE_IDS[K_ARRAY];
}

EXPORT CFTypeID CFDictionaryGetTypeID(void) {
    return TYPE_IDS[K_DICTIONARY];
}

EXPORT CFTypeID CFStringGetTypeID(void) {
    return TYPE_IDS[K_STRING];
}

EXPORT CFTypeID CFNumberGetTypeID(void) {
    return TYPE_IDS[K_NUMBER];
}

EXPORT CFIndex CFArrayGetCount(CFTypeRef theArray) {
    ENTER("CFArrayGetCount");
    obj *o = use(theArray, K_ARRAY, function, "theArray");
    RETURN(o ? o->count : 0);
}

EXPORT const void *CFArrayGetValueAtIndex(CFTypeRef theArray, CFIndex idx) {
    ENTER("CFArrayGetValueAtIndex");
    obj *o = use(theArray, K_ARRAY, function, "theArray");
    if (o == NULL) {
        RETURN(NULL);
    }
    if (idx < 0 || idx >= o->count) {
        error("CFArrayGetValueAtIndex: index %ld out of bounds 0..%ld", idx, o->count - 1);
        RETURN(NULL);
    }
    RETURN(o->items[idx]);
}

EXPORT CFTypeRef CFArrayCreate(CFAllocatorRef allocator, const void **values, CFIndex numValues,
                               const CFArrayCallBacks *callBacks) {
    run_call_hook("CFArrayCreate");
    ENTER("CFArrayCreate");
    if (!check_allocator(allocator, function)) {
        RETURN(NULL);
    }
    if (callBacks != &kCFTypeArrayCallBacks) {
        error("CFArrayCreate: callBacks is not &kCFTypeArrayCallBacks (%p)", (const void *)callBacks);
        RETURN(NULL);
    }
    if (numValues < 0 || (numValues > 0 && values == NULL)) {
        error("CFArrayCreate: %ld values at %p", numValues, (const void *)values);
        RETURN(NULL);
    }
    for (CFIndex i = 0; i < numValues; i++) {
        if (use(values[i], 0, function, "values[i]") == NULL) {
            RETURN(NULL);
        }
    }
    if (faulted(function, NULL)) {
        RETURN(NULL);
    }
    obj *array = make_array();
    for (CFIndex i = 0; i < numValues; i++) {
        array_add(array, retain_obj(table_find(values[i])));
    }
    RETURN(array);
}

EXPORT CFTypeRef CFDictionaryCreateMutable(CFAllocatorRef allocator, CFIndex capacity,
                                           const CFDictionaryKeyCallBacks *keyCallBacks,
                                           const CFDictionaryValueCallBacks *valueCallBacks) {
    ENTER("CFDictionaryCreateMutable");
    if (!check_allocator(allocator, function)) {
        RETURN(NULL);
    }
    if (capacity < 0) {
        error("CFDictionaryCreateMutable: negative capacity %ld", capacity);
        RETURN(NULL);
    }
    if (keyCallBacks != &kCFTypeDictionaryKeyCallBacks || valueCallBacks != &kCFTypeDictionaryValueCallBacks) {
        error("CFDictionaryCreateMutable: callbacks are not &kCFTypeDictionaryKeyCallBacks and "
              "&kCFTypeDictionaryValueCallBacks");
        RETURN(NULL);
    }
    if (faulted(function, NULL)) {
        RETURN(NULL);
    }
    obj *dictionary = new_obj(K_DICTIONARY);
    dictionary->is_mutable = true;
    RETURN(dictionary);
}

EXPORT void CFDictionarySetValue(CFTypeRef theDict, const void *key, const void *value) {
    ENTER("CFDictionarySetValue");
    obj *dictionary = use(theDict, K_DICTIONARY, function, "theDict");
    obj *k = use(key, 0, function, "key");
    obj *v = use(value, 0, function, "value");
    if (dictionary && k && v) {
        if (!dictionary->is_mutable) {
            error("CFDictionarySetValue: the dictionary is immutable");
        } else {
            dictionary_put(dictionary, retain_obj(k), retain_obj(v));
        }
    }
    RETURN_VOID;
}

EXPORT const void *CFDictionaryGetValue(CFTypeRef theDict, const void *key) {
    ENTER("CFDictionaryGetValue");
    obj *dictionary = use(theDict, K_DICTIONARY, function, "theDict");
    obj *k = use(key, 0, function, "key");
    if (!dictionary || !k) {
        RETURN(NULL);
    }
    CFIndex i = dictionary_index(dictionary, k);
    RETURN(i < 0 ? NULL : dictionary->values[i]);
}

/* Boolean in CFDictionary.h: see WIDE_BOOLEAN. */
EXPORT WideBoolean CFDictionaryContainsKey(CFTypeRef theDict, const void *key) {
    ENTER("CFDictionaryContainsKey");
    obj *dictionary = use(theDict, K_DICTIONARY, function, "theDict");
    obj *k = use(key, 0, function, "key");
    RETURN(WIDE_BOOLEAN(dictionary && k && dictionary_index(dictionary, k) >= 0));
}

/* Boolean in CFNumber.h: see WIDE_BOOLEAN. */
EXPORT WideBoolean CFNumberGetValue(CFTypeRef number, CFNumberType theType, void *valuePtr) {
    ENTER("CFNumberGetValue");
    obj *o = use(number, K_NUMBER, function, "number");
    if (o == NULL) {
        RETURN(WIDE_BOOLEAN(false));
    }
    if (valuePtr == NULL) {
        error("CFNumberGetValue: valuePtr is NULL");
        RETURN(WIDE_BOOLEAN(false));
    }
    if (theType == kCFNumberSInt64Type) {
        *(int64_t *)valuePtr = o->number;
        RETURN(WIDE_BOOLEAN(true));
    }
    if (theType == kCFNumberSInt32Type) {
        *(int32_t *)valuePtr = (int32_t)o->number;
        RETURN(WIDE_BOOLEAN(o->number == (int32_t)o->number));
    }
    error("CFNumberGetValue: type %ld is not one this backend should ask for", theType);
    RETURN(WIDE_BOOLEAN(false));
}

EXPORT CFStringRef CFStringCreateWithCString(CFAllocatorRef alloc, const char *cStr, CFStringEncoding encoding) {
    ENTER("CFStringCreateWithCString");
    if (!check_allocator(alloc, function)) {
        RETURN(NULL);
    }
    if (cStr == NULL) {
        error("CFStringCreateWithCString: cStr is NULL");
        RETURN(NULL);
    }
    if (encoding != kCFStringEncodingUTF8) {
        error("CFStringCreateWithCString: encoding 0x%x is not kCFStringEncodingUTF8", encoding);
        RETURN(NULL);
    }
    if (!valid_utf8((const unsigned char *)cStr)) {
        error("CFStringCreateWithCString: cStr is not valid UTF-8");
        RETURN(NULL);
    }
    if (faulted(function, NULL)) {
        RETURN(NULL);
    }
    RETURN(make_string(cStr));
}

EXPORT CFIndex CFStringGetLength(CFStringRef theString) {
    ENTER("CFStringGetLength");
    obj *o = use(theString, K_STRING, function, "theString");
    RETURN(o ? utf16_length(o->text) : 0);
}

EXPORT CFIndex CFStringGetMaximumSizeForEncoding(CFIndex length, CFStringEncoding encoding) {
    ENTER("CFStringGetMaximumSizeForEncoding");
    if (length < 0 || encoding != kCFStringEncodingUTF8) {
        error("CFStringGetMaximumSizeForEncoding: length %ld, encoding 0x%x", length, encoding);
        RETURN(0);
    }
    RETURN(length * 3);
}

/* Boolean in CFString.h: see WIDE_BOOLEAN. */
EXPORT WideBoolean CFStringGetCString(CFStringRef theString, char *buffer, CFIndex bufferSize,
                                      CFStringEncoding encoding) {
    ENTER("CFStringGetCString");
    obj *o = use(theString, K_STRING, function, "theString");
    if (o == NULL) {
        RETURN(WIDE_BOOLEAN(false));
    }
    if (buffer == NULL || bufferSize <= 0 || encoding != kCFStringEncodingUTF8) {
        error("CFStringGetCString: buffer %p, size %ld, encoding 0x%x", (void *)buffer, bufferSize, encoding);
        RETURN(WIDE_BOOLEAN(false));
    }
    size_t needed = strlen(o->text) + 1;
    if ((size_t)bufferSize < needed) {
        RETURN(WIDE_BOOLEAN(false));
    }
    memcpy(buffer, o->text, needed);
    RETURN(WIDE_BOOLEAN(true));
}

EXPORT CFTypeRef CFDataCreate(CFAllocatorRef allocator, const UInt8 *bytes, CFIndex length) {
    ENTER("CFDataCreate");
    if (!check_allocator(allocator, function)) {
        RETURN(NULL);
    }
    if (length < 0 || (length > 0 && bytes == NULL)) {
        error("CFDataCreate: %ld bytes at %p", length, (const void *)bytes);
        RETURN(NULL);
    }
    if (faulted(function, NULL)) {
        RETURN(NULL);
    }
    RETURN(make_data(bytes, length, K_DATA));
}

EXPORT CFIndex CFDataGetLength(CFTypeRef theData) {
    ENTER("CFDataGetLength");
    obj *o = use(theData, K_DATA, function, "theData");
    RETURN(o ? o->length : 0);
}

EXPORT void CFDataGetBytes(CFTypeRef theData, CFRange range, UInt8 *buffer) {
    ENTER("CFDataGetBytes");
    obj *o = use(theData, K_DATA, function, "theData");
    if (o == NULL) {
        RETURN_VOID;
    }
    if (range.location < 0 || range.length < 0 || range.location > o->length
            || range.length > o->length - range.location) {
        error("CFDataGetBytes: range {%ld, %ld} outside the %ld bytes", range.location, range.length, o->length);
        RETURN_VOID;
    }
    if (buffer == NULL && range.length > 0) {
        error("CFDataGetBytes: buffer is NULL");
        RETURN_VOID;
    }
    memcpy(buffer, o->bytes + range.location, (size_t)range.length);
    RETURN_VOID;
}

EXPORT CFTypeRef CFDateCreate(CFAllocatorRef allocator, CFAbsoluteTime at) {
    ENTER("CFDateCreate");
    if (!check_allocator(allocator, function)) {
        RETURN(NULL);
    }
    if (isnan(at)) {
        error("CFDateCreate: the time is NaN");
        RETURN(NULL);
    }
    obj *date = new_obj(K_DATE);
    date->time = at;
    RETURN(date);
}

EXPORT CFStringRef CFErrorCopyDescription(CFTypeRef err) {
    ENTER("CFErrorCopyDescription");
    obj *o = use(err, K_ERROR, function, "err");
    RETURN(o ? make_string(o->text) : NULL);
}

EXPORT CFIndex CFErrorGetCode(CFTypeRef err) {
    ENTER("CFErrorGetCode");
    obj *o = use(err, K_ERROR, function, "err");
    RETURN(o ? (CFIndex)o->number : 0);
}

/* ---------------------------------------------------------------------------------------------------------------
 * Security.framework
 * ------------------------------------------------------------------------------------------------------------- */

static bool valid_domain(SecTrustSettingsDomain domain, const char *function) {
    if (domain > 2) {
        error("%s: domain %u is not User(0), Admin(1) or System(2)", function, domain);
        return false;
    }
    return true;
}

static obj *certificate_from(const blob *b) {
    return make_data(b->der, b->length, K_CERTIFICATE);
}

EXPORT OSStatus SecTrustSettingsCopyCertificates(SecTrustSettingsDomain domain, CFTypeRef *certArray) {
    ENTER("SecTrustSettingsCopyCertificates");
    if (!valid_domain(domain, function)) {
        RETURN(errSecParam);
    }
    if (certArray == NULL) {
        error("SecTrustSettingsCopyCertificates: certArray is NULL");
        RETURN(errSecParam);
    }
    int status;
    if (faulted(function, &status)) {
        RETURN(status);
    }
    if (domain_status[domain] == 1) {
        *certArray = NULL;
        RETURN(errSecSuccess);
    }
    if (domain_status[domain] != 0) {
        RETURN(domain_status[domain]);
    }
    if (domain_counts[domain] == 0) {
        RETURN(errSecNoTrustSettings);
    }
    obj *array = make_array();
    for (int i = 0; i < domain_counts[domain]; i++) {
        array_add(array, certificate_from(&domain_certificates[domain][i]));
    }
    *certArray = array;
    RETURN(errSecSuccess);
}

static obj *key(const char *name) {
    return make_string(name);
}

static obj *make_policy(const char *oid, const char *name, const char *host) {
    obj *policy = new_obj(K_POLICY);
    policy->text = strdup(oid);
    policy->text2 = name ? strdup(name) : NULL;
    policy->host = host ? strdup(host) : NULL;
    return policy;
}

/*
 * A trust-settings array from a spec: dictionaries separated by '|', fields by ',':
 * policy=OID (a SecPolicyRef, named sslServer for the SSL OID), policytext=S (a CFString where a SecPolicyRef
 * belongs), name=S, string=S, app, result=N, resulttext=S, keyusage=N (numbers stored as SInt32, as
 * SecTrustSettingsSetTrustSettings does), keyusage64=N (stored as SInt64), notdict (an element that is a CFString).
 * An empty spec is an empty array; the spec "notarray" returns a CFString instead of an array.
 */
static obj *settings_array(const char *spec) {
    obj *array = make_array();
    if (*spec == '\0') {
        return array;
    }
    char *copy = strdup(spec);
    char *outer = NULL;
    for (char *entry = strtok_r(copy, "|", &outer); entry; entry = strtok_r(NULL, "|", &outer)) {
        if (strcmp(entry, "notdict") == 0) {
            array_add(array, make_string("not a dictionary"));
            continue;
        }
        obj *dictionary = new_obj(K_DICTIONARY);
        char *inner = NULL;
        for (char *field = strtok_r(entry, ",", &inner); field; field = strtok_r(NULL, ",", &inner)) {
            char *value = strchr(field, '=');
            if (value) {
                *value++ = '\0';
            }
            if (strcmp(field, "policy") == 0) {
                dictionary_put(dictionary, key("kSecTrustSettingsPolicy"),
                               make_policy(value, strcmp(value, SSL_POLICY_OID) == 0 ? "sslServer" : NULL, NULL));
            } else if (strcmp(field, "policytext") == 0) {
                dictionary_put(dictionary, key("kSecTrustSettingsPolicy"), make_string(value));
            } else if (strcmp(field, "name") == 0) {
                dictionary_put(dictionary, key("kSecTrustSettingsPolicyName"), make_string(value));
            } else if (strcmp(field, "string") == 0) {
                dictionary_put(dictionary, key("kSecTrustSettingsPolicyString"), make_string(value));
            } else if (strcmp(field, "app") == 0) {
                dictionary_put(dictionary, key("kSecTrustSettingsApplication"), new_obj(K_APPLICATION));
            } else if (strcmp(field, "result") == 0) {
                dictionary_put(dictionary, key("kSecTrustSettingsResult"),
                               make_number(strtoll(value, NULL, 0), kCFNumberSInt32Type));
            } else if (strcmp(field, "resulttext") == 0) {
                dictionary_put(dictionary, key("kSecTrustSettingsResult"), make_string(value));
            } else if (strcmp(field, "keyusage") == 0) {
                dictionary_put(dictionary, key("kSecTrustSettingsKeyUsage"),
                               make_number((int32_t)strtoll(value, NULL, 0), kCFNumberSInt32Type));
            } else if (strcmp(field, "keyusage64") == 0) {
                dictionary_put(dictionary, key("kSecTrustSettingsKeyUsage"),
                               make_number(strtoll(value, NULL, 0), kCFNumberSInt64Type));
            } else {
                error("shim: unknown trust-settings field '%s'", field);
            }
        }
        array_add(array, dictionary);
    }
    free(copy);
    return array;
}

EXPORT OSStatus SecTrustSettingsCopyTrustSettings(CFTypeRef certRef, SecTrustSettingsDomain domain,
                                                  CFTypeRef *trustSettings) {
    ENTER("SecTrustSettingsCopyTrustSettings");
    obj *certificate = use(certRef, K_CERTIFICATE, function, "certRef");
    if (certificate == NULL || !valid_domain(domain, function)) {
        RETURN(errSecParam);
    }
    if (trustSettings == NULL) {
        error("SecTrustSettingsCopyTrustSettings: trustSettings is NULL");
        RETURN(errSecParam);
    }
    int status;
    if (faulted(function, &status)) {
        RETURN(status);
    }
    for (int i = 0; i < settings_count; i++) {
        settings_fixture *f = &settings[i];
        if ((int)domain == f->domain && blob_equals(&f->certificate, certificate)) {
            if (f->status != errSecSuccess) {
                RETURN(f->status);
            }
            *trustSettings = f->null_array ? NULL
                    : strcmp(f->spec, "notarray") == 0 ? make_string("not an array") : settings_array(f->spec);
            RETURN(errSecSuccess);
        }
    }
    RETURN(errSecItemNotFound);
}

EXPORT CFTypeRef SecCertificateCreateWithData(CFAllocatorRef allocator, CFTypeRef data) {
    ENTER("SecCertificateCreateWithData");
    obj *o = use(data, K_DATA, function, "data");
    if (!check_allocator(allocator, function) || o == NULL || faulted(function, NULL)) {
        RETURN(NULL);
    }
    if (o->length < 2 || o->bytes[0] != 0x30) {
        RETURN(NULL); /* not DER: what Security.framework answers too */
    }
    RETURN(make_data(o->bytes, o->length, K_CERTIFICATE));
}

EXPORT CFTypeRef SecCertificateCopyData(CFTypeRef certificate) {
    ENTER("SecCertificateCopyData");
    obj *o = use(certificate, K_CERTIFICATE, function, "certificate");
    if (o == NULL || faulted(function, NULL)) {
        RETURN(NULL);
    }
    RETURN(make_data(o->bytes, o->length, K_DATA));
}

EXPORT CFTypeID SecPolicyGetTypeID(void) {
    return TYPE_IDS[K_POLICY];
}

EXPORT CFTypeRef SecPolicyCopyProperties(CFTypeRef policyRef) {
    ENTER("SecPolicyCopyProperties");
    obj *policy = use(policyRef, K_POLICY, function, "policyRef");
    if (policy == NULL || faulted(function, NULL)) {
        RETURN(NULL);
    }
    obj *properties = new_obj(K_DICTIONARY);
    dictionary_put(properties, (obj *)kSecPolicyOid, make_string(policy->text));
    if (policy->text2) {
        dictionary_put(properties, policy_name_key, make_string(policy->text2));
    }
    RETURN(properties);
}

EXPORT OSStatus SecItemCopyMatching(CFTypeRef query, CFTypeRef *result) {
    ENTER("SecItemCopyMatching");
    obj *q = use(query, K_DICTIONARY, function, "query");
    if (q == NULL) {
        RETURN(errSecParam);
    }
    if (result == NULL) {
        error("SecItemCopyMatching: result is NULL");
        RETURN(errSecParam);
    }
    struct {
        obj *key;
        obj *expected;
    } required[] = {{(obj *)kSecClass, (obj *)kSecClassCertificate}, {(obj *)kSecMatchLimit, (obj *)kSecMatchLimitAll},
                    {(obj *)kSecReturnRef, (obj *)kCFBooleanTrue}};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        CFIndex at = dictionary_index(q, required[i].key);
        if (at < 0 || !equal(q->values[at], required[i].expected)) {
            error("SecItemCopyMatching: the query lacks %s = %s", required[i].key->text,
                  required[i].expected->kind == K_STRING ? required[i].expected->text : "kCFBooleanTrue");
            RETURN(errSecParam);
        }
    }
    if (q->count != 3) {
        error("SecItemCopyMatching: the query has %ld keys, expected exactly kSecClass, kSecMatchLimit and "
              "kSecReturnRef", q->count);
    }
    int status;
    if (faulted(function, &status)) {
        RETURN(status);
    }
    if (keychain_status != 0) {
        RETURN(keychain_status);
    }
    if (keychain_count == 0) {
        RETURN(errSecItemNotFound);
    }
    obj *array = make_array();
    for (int i = 0; i < keychain_count; i++) {
        array_add(array, certificate_from(&keychain[i]));
    }
    *result = array;
    RETURN(errSecSuccess);
}

EXPORT CFTypeRef SecPolicyCreateSSL(Boolean server, CFStringRef hostname) {
    ENTER("SecPolicyCreateSSL");
    if (server > 1) {
        error("SecPolicyCreateSSL: server is %u, not a Boolean 0 or 1", server);
    }
    obj *host = use_optional(hostname, K_STRING, function, "hostname");
    if ((hostname && host == NULL) || faulted(function, NULL)) {
        RETURN(NULL);
    }
    last_server_flag = server;
    last_hostname_null = host == NULL;
    snprintf(last_hostname, sizeof last_hostname, "%s", host ? host->text : "");
    RETURN(make_policy(SSL_POLICY_OID, server ? "sslServer" : "sslClient", host ? host->text : NULL));
}

static bool all_of_kind(obj *o, int kind, const char *function, const char *argument) {
    if (o->kind == kind) {
        return true;
    }
    if (o->kind != K_ARRAY || o->count == 0) {
        error("%s: %s is a %s, not a %s or a non-empty array of them", function, argument, KIND_NAMES[o->kind],
              KIND_NAMES[kind]);
        return false;
    }
    for (CFIndex i = 0; i < o->count; i++) {
        if (o->items[i]->kind != kind) {
            error("%s: %s[%ld] is a %s, not a %s", function, argument, i, KIND_NAMES[o->items[i]->kind],
                  KIND_NAMES[kind]);
            return false;
        }
    }
    return true;
}

EXPORT OSStatus SecTrustCreateWithCertificates(CFTypeRef certificates, CFTypeRef policies, CFTypeRef *trust) {
    run_call_hook("SecTrustCreateWithCertificates");
    ENTER("SecTrustCreateWithCertificates");
    obj *c = use(certificates, 0, function, "certificates");
    obj *p = use_optional(policies, 0, function, "policies");
    if (c == NULL || (policies && p == NULL)) {
        RETURN(errSecParam);
    }
    if (trust == NULL) {
        error("SecTrustCreateWithCertificates: trust is NULL");
        RETURN(errSecParam);
    }
    if (!all_of_kind(c, K_CERTIFICATE, function, "certificates") || (p && !all_of_kind(p, K_POLICY, function,
                                                                                     "policies"))) {
        RETURN(errSecParam);
    }
    int status;
    if (faulted(function, &status)) {
        RETURN(status);
    }
    obj *t = new_obj(K_TRUST);
    t->trust_certificates = held(retain_obj(c));
    t->trust_policies = p ? held(retain_obj(p)) : NULL;
    last_chain_length = c->kind == K_ARRAY ? c->count : 1;
    ocsp_count = -1;
    verify_date = NAN;
    *trust = t;
    RETURN(errSecSuccess);
}

EXPORT OSStatus SecTrustSetOCSPResponse(CFTypeRef trust, CFTypeRef responseData) {
    run_call_hook("SecTrustSetOCSPResponse");
    ENTER("SecTrustSetOCSPResponse");
    obj *t = use(trust, K_TRUST, function, "trust");
    obj *r = use_optional(responseData, 0, function, "responseData");
    if (t == NULL || (responseData && r == NULL)) {
        RETURN(errSecParam);
    }
    if (r && !all_of_kind(r, K_DATA, function, "responseData")) {
        RETURN(errSecParam);
    }
    for (long i = 0; i < ocsp_count; i++) {
        free(ocsp[i].der);
    }
    ocsp_count = 0;
    if (r) {
        CFIndex n = r->kind == K_ARRAY ? r->count : 1;
        for (CFIndex i = 0; i < n && i < 16; i++) {
            obj *d = r->kind == K_ARRAY ? r->items[i] : r;
            blob_set(&ocsp[ocsp_count++], d->bytes, d->length);
        }
    }
    if (t->trust_ocsp) {
        release_held(t->trust_ocsp);
    }
    t->trust_ocsp = r ? held(retain_obj(r)) : NULL;
    RETURN(errSecSuccess);
}

EXPORT OSStatus SecTrustSetVerifyDate(CFTypeRef trust, CFTypeRef verifyDate) {
    ENTER("SecTrustSetVerifyDate");
    obj *t = use(trust, K_TRUST, function, "trust");
    obj *d = use(verifyDate, K_DATE, function, "verifyDate");
    if (t == NULL || d == NULL) {
        RETURN(errSecParam);
    }
    if (t->trust_date) {
        release_held(t->trust_date);
    }
    t->trust_date = held(retain_obj(d));
    verify_date = d->time;
    RETURN(errSecSuccess);
}

#ifndef SHIM_NO_EVALUATE_WITH_ERROR
/* The chain an evaluation of t validates: the leaf, then the configured certificates, or else the rest of those
 * given. The SecTrust owns it (and through it one reference to each certificate). */
static void build_chain(obj *t) {
    obj *given = t->trust_certificates;
    obj *chain = make_array();
    CFIndex count = given->kind == K_ARRAY ? given->count : 1;
    for (CFIndex i = 0; i < (built_count > 0 ? 1 : count); i++) {
        array_add(chain, retain_obj(given->kind == K_ARRAY ? given->items[i] : given));
    }
    for (int i = 0; i < built_count; i++) {
        array_add(chain, certificate_from(&built[i]));
    }
    if (t->trust_chain) {
        release_held(t->trust_chain);
    }
    t->trust_chain = held(chain);
}
#endif

/* The evaluated chain of a SecTrust, or NULL (an error) when it has not been evaluated. */
static obj *evaluated_chain(obj *t, const char *function) {
    if (t->trust_chain == NULL) {
        error("%s: the SecTrust has not been evaluated: ask for its chain after SecTrustEvaluateWithError", function);
    }
    return t->trust_chain;
}

#ifndef SHIM_NO_COPY_CERTIFICATE_CHAIN
/* CF_RETURNS_RETAINED __nullable CFArrayRef SecTrustCopyCertificateChain(SecTrustRef trust), macOS 12+. */
EXPORT CFTypeRef SecTrustCopyCertificateChain(CFTypeRef trust) {
    ENTER("SecTrustCopyCertificateChain");
    obj *t = use(trust, K_TRUST, function, "trust");
    obj *chain = t == NULL ? NULL : evaluated_chain(t, function);
    if (chain == NULL || faulted(function, NULL)) {
        RETURN(NULL);
    }
    obj *copy = make_array();
    for (CFIndex i = 0; i < chain->count; i++) {
        array_add(copy, retain_obj(chain->items[i]));
    }
    RETURN(copy);
}
#endif

/* CFIndex SecTrustGetCertificateCount(SecTrustRef trust). A fault returns its status as the count. */
EXPORT CFIndex SecTrustGetCertificateCount(CFTypeRef trust) {
    ENTER("SecTrustGetCertificateCount");
    obj *t = use(trust, K_TRUST, function, "trust");
    obj *chain = t == NULL ? NULL : evaluated_chain(t, function);
    int status;
    if (chain == NULL) {
        RETURN(0);
    }
    if (faulted(function, &status)) {
        RETURN((CFIndex)status);
    }
    RETURN(chain->count);
}

/* __nullable SecCertificateRef SecTrustGetCertificateAtIndex(SecTrustRef trust, CFIndex ix): a borrowed reference,
 * owned by the SecTrust (the Get rule). Deprecated in macOS 12 for SecTrustCopyCertificateChain. */
EXPORT CFTypeRef SecTrustGetCertificateAtIndex(CFTypeRef trust, CFIndex ix) {
    ENTER("SecTrustGetCertificateAtIndex");
    obj *t = use(trust, K_TRUST, function, "trust");
    obj *chain = t == NULL ? NULL : evaluated_chain(t, function);
    if (chain == NULL) {
        RETURN(NULL);
    }
    if (ix < 0 || ix >= chain->count) {
        error("SecTrustGetCertificateAtIndex: index %ld out of bounds 0..%ld", ix, chain->count - 1);
        RETURN(NULL);
    }
    if (faulted(function, NULL)) {
        RETURN(NULL);
    }
    RETURN(chain->items[ix]);
}

#ifndef SHIM_NO_EVALUATE_WITH_ERROR
/* bool in SecTrust.h: see WIDE_BOOLEAN. */
EXPORT WideBoolean SecTrustEvaluateWithError(CFTypeRef trust, CFTypeRef *error_out) {
    ENTER("SecTrustEvaluateWithError");
    obj *t = use(trust, K_TRUST, function, "trust");
    if (t == NULL) {
        RETURN(WIDE_BOOLEAN(false));
    }
    build_chain(t);
    if (evaluation_trusted) {
        if (error_out) {
            *error_out = NULL;
        }
        RETURN(WIDE_BOOLEAN(true));
    }
    if (error_out) {
        obj *e = new_obj(K_ERROR);
        e->number = evaluation_code;
        e->text = strdup(evaluation_description);
        *error_out = e;
    }
    RETURN(WIDE_BOOLEAN(false));
}
#endif

/* ---------------------------------------------------------------------------------------------------------------
 * Control interface for the tests (shim_*)
 * ------------------------------------------------------------------------------------------------------------- */

static void make_constants(void) {
    kCFBooleanTrue = immortal(new_obj(K_BOOLEAN));
    kSecClass = immortal(make_string("class"));
    kSecClassCertificate = immortal(make_string("cert"));
    kSecMatchLimit = immortal(make_string("m_Limit"));
    kSecMatchLimitAll = immortal(make_string("m_LimitAll"));
    kSecReturnRef = immortal(make_string("r_Ref"));
    kSecPolicyOid = immortal(make_string("SecPolicyOid"));
    policy_name_key = immortal(make_string("SecPolicyName"));
}

__attribute__((constructor)) static void shim_init(void) {
    quarantine = calloc(QUARANTINE, sizeof *quarantine);
    make_constants();
}

EXPORT void shim_set_call_hook(call_hook_t hook) {
    call_hook = hook;
}

EXPORT void shim_reset(void) {
    call_hook = NULL;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < table_size; i++) {
        obj *o = table[i];
        if (o && o != (obj *)1 && !o->released && o->retain < IMMORTAL) {
            o->forgotten = true;
        }
    }
    live_objects = 0;
    for (int d = 0; d < 3; d++) {
        for (int i = 0; i < domain_counts[d]; i++) {
            free(domain_certificates[d][i].der);
        }
        domain_counts[d] = 0;
        domain_status[d] = 0;
    }
    for (int i = 0; i < settings_count; i++) {
        free(settings[i].certificate.der);
        free(settings[i].spec);
    }
    settings_count = 0;
    for (int i = 0; i < keychain_count; i++) {
        free(keychain[i].der);
    }
    keychain_count = 0;
    keychain_status = 0;
    for (int i = 0; i < built_count; i++) {
        free(built[i].der);
    }
    built_count = 0;
    fault_count = 0;
    counter_count = 0;
    error_count = 0;
    evaluation_trusted = true;
    evaluation_code = 0;
    evaluation_description[0] = '\0';
    for (long i = 0; i < ocsp_count; i++) {
        free(ocsp[i].der);
    }
    ocsp_count = -1;
    verify_date = NAN;
    last_hostname[0] = '\0';
    last_hostname_null = true;
    last_chain_length = 0;
    last_server_flag = -1;
    pthread_mutex_unlock(&lock);
}

EXPORT void shim_domain_add(int domain, const UInt8 *der, long length) {
    pthread_mutex_lock(&lock);
    if (domain >= 0 && domain < 3 && domain_counts[domain] < MAX_ITEMS) {
        blob_set(&domain_certificates[domain][domain_counts[domain]++], der, length);
    }
    pthread_mutex_unlock(&lock);
}

/* 1: success with a NULL array; another non-zero value: that OSStatus; 0: normal. */
EXPORT void shim_domain_status(int domain, int status) {
    pthread_mutex_lock(&lock);
    if (domain >= 0 && domain < 3) {
        domain_status[domain] = status;
    }
    pthread_mutex_unlock(&lock);
}

static void add_settings(int domain, const UInt8 *der, long length, int status, const char *spec) {
    pthread_mutex_lock(&lock);
    if (settings_count < MAX_ITEMS) {
        settings_fixture *f = &settings[settings_count++];
        blob_set(&f->certificate, der, length);
        f->domain = domain;
        f->status = status;
        f->null_array = status == errSecSuccess && spec == NULL;
        f->spec = strdup(spec ? spec : "");
    }
    pthread_mutex_unlock(&lock);
}

/* spec NULL: success with a NULL array. */
EXPORT void shim_settings(int domain, const UInt8 *der, long length, const char *spec) {
    add_settings(domain, der, length, errSecSuccess, spec);
}

EXPORT void shim_settings_status(int domain, const UInt8 *der, long length, int status) {
    add_settings(domain, der, length, status, NULL);
}

EXPORT void shim_keychain_add(const UInt8 *der, long length) {
    pthread_mutex_lock(&lock);
    if (keychain_count < MAX_ITEMS) {
        blob_set(&keychain[keychain_count++], der, length);
    }
    pthread_mutex_unlock(&lock);
}

/* Appends a certificate to the chain the next evaluations build after the leaf (instead of the rest given). */
EXPORT void shim_chain_built(const UInt8 *der, long length) {
    pthread_mutex_lock(&lock);
    if (built_count < 16) {
        blob_set(&built[built_count++], der, length);
    }
    pthread_mutex_unlock(&lock);
}

EXPORT void shim_keychain_status(int status) {
    pthread_mutex_lock(&lock);
    keychain_status = status;
    pthread_mutex_unlock(&lock);
}

/*
 * After `skip` calls that succeed, the next `times` calls of `name` (-1: every call) fail: a function returning an
 * OSStatus returns `status`, one returning an object returns NULL.
 */
EXPORT void shim_fail_after(const char *name, long skip, int status, long times) {
    pthread_mutex_lock(&lock);
    if (fault_count < MAX_FAULTS) {
        snprintf(faults[fault_count].function, sizeof faults[fault_count].function, "%s", name);
        faults[fault_count].status = status;
        faults[fault_count].skip = skip;
        faults[fault_count++].remaining = times;
    }
    pthread_mutex_unlock(&lock);
}

EXPORT void shim_fail(const char *name, int status, long times) {
    shim_fail_after(name, 0, status, times);
}

EXPORT void shim_evaluation(int trusted, long code, const char *description) {
    pthread_mutex_lock(&lock);
    evaluation_trusted = trusted != 0;
    evaluation_code = code;
    snprintf(evaluation_description, sizeof evaluation_description, "%s", description ? description : "");
    pthread_mutex_unlock(&lock);
}

EXPORT long shim_calls(const char *name) {
    pthread_mutex_lock(&lock);
    long calls = 0;
    for (int i = 0; i < counter_count; i++) {
        if (strcmp(counters[i].function, name) == 0) {
            calls = counters[i].calls;
        }
    }
    pthread_mutex_unlock(&lock);
    return calls;
}

EXPORT long shim_live_objects(void) {
    pthread_mutex_lock(&lock);
    long live = live_objects;
    pthread_mutex_unlock(&lock);
    return live;
}

/* Describes the live objects (kind, id, retain count) into buffer, for a leak's failure message. */
EXPORT void shim_describe_live(char *buffer, long size) {
    pthread_mutex_lock(&lock);
    long used = 0;
    buffer[0] = '\0';
    for (size_t i = 0; i < table_size && used < size - 64; i++) {
        obj *o = table[i];
        if (o && o != (obj *)1 && !o->released && !o->forgotten && o->retain < IMMORTAL) {
            used += snprintf(buffer + used, (size_t)(size - used), "%s #%ld (retain %ld%s%s); ", KIND_NAMES[o->kind],
                             o->id, o->retain, o->kind == K_STRING ? ", " : "", o->kind == K_STRING ? o->text : "");
        }
    }
    pthread_mutex_unlock(&lock);
}

EXPORT long shim_error_count(void) {
    pthread_mutex_lock(&lock);
    long n = error_count;
    pthread_mutex_unlock(&lock);
    return n;
}

EXPORT void shim_errors(char *buffer, long size) {
    pthread_mutex_lock(&lock);
    long used = 0;
    buffer[0] = '\0';
    for (long i = 0; i < error_count && i < MAX_ERRORS && used < size - 1; i++) {
        used += snprintf(buffer + used, (size_t)(size - used), "%s\n", errors[i]);
    }
    pthread_mutex_unlock(&lock);
}

/* -1 when SecTrustSetOCSPResponse was not called for the last SecTrust. */
EXPORT long shim_ocsp_count(void) {
    return ocsp_count;
}

EXPORT long shim_ocsp_response(long index, UInt8 *buffer, long size) {
    if (index < 0 || index >= ocsp_count || ocsp[index].length > size) {
        return -1;
    }
    memcpy(buffer, ocsp[index].der, (size_t)ocsp[index].length);
    return ocsp[index].length;
}

EXPORT double shim_verify_date(void) {
    return verify_date;
}

/* The host name of the last SecPolicyCreateSSL; -1 when it was NULL. */
EXPORT long shim_hostname(char *buffer, long size) {
    if (last_hostname_null) {
        return -1;
    }
    snprintf(buffer, (size_t)size, "%s", last_hostname);
    return (long)strlen(last_hostname);
}

EXPORT long shim_chain_length(void) {
    return last_chain_length;
}

EXPORT int shim_server_flag(void) {
    return last_server_flag;
}
