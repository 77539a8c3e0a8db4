/*
 * A stand-in for crypt32.dll, built with the machine's gcc as a Linux shared library at test time, so that the
 * backend's real JNA layer (dev.systemtrust.windows.jna) runs against it on Linux.
 *
 * It exports exactly the crypt32 functions the Java layer calls, with the structures transcribed from mingw-w64's
 * wincrypt.h. The C types are the ones the Java structures map, so the Linux (LP64) layout JNA computes equals the
 * Win64 (LLP64) layout: DWORD, BOOL and LONG are 32-bit integers here (C "long" is 8 bytes on Linux, 4 on Windows:
 * never used), pointers are pointers. Wide strings are the one place the platforms differ: Windows' WCHAR is a
 * 2-byte UTF-16 unit, and JNA's WString passes the platform's wchar_t, 4-byte UTF-32 on Linux. Only pointers to
 * wide strings appear in the structures, so the layouts still agree; this shim reads them as wchar_t. The layout
 * table at the end exports this file's sizes and offsets so that WincryptLayoutTest can compare the transcription
 * with the numbers mingw-w64 computes from the real header.
 *
 * Every argument is checked: structure sizes (cbSize), flags, usage lists and their strings, server names, and
 * that every handle, context and chain was issued here and not yet freed. Violations are recorded as text for the
 * test to assert on; contexts, stores and chains are counted so that a leak, a double free or a use after free
 * fails the test. Freed objects are poisoned and kept until shim_reset(), so a use after free reads garbage
 * rather than a recycled object. Faults are injected on request.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <stdarg.h>

typedef uint32_t DWORD;
typedef int32_t BOOL;
typedef int32_t LONG;
typedef uint8_t BYTE;
typedef uint16_t WORD;
typedef wchar_t WCHAR; /* what JNA's WString passes on Linux: see above */
typedef char *LPSTR;
typedef const char *LPCSTR;
typedef const WCHAR *LPCWSTR;
typedef void *HCERTSTORE;
typedef void *HCERTCHAINENGINE;

#define TRUE 1
#define FALSE 0

/* winerror.h */
#define ERROR_FILE_NOT_FOUND 2u
#define ERROR_INVALID_PARAMETER 87u
#define ERROR_MORE_DATA 234u
#define CRYPT_E_NOT_FOUND 0x80092004u
#define E_INVALIDARG 0x80070057u

/* wincrypt.h */
#define CERT_STORE_PROV_MEMORY 2u
#define CERT_STORE_PROV_SYSTEM_W 10u
#define CERT_STORE_PROV_SYSTEM_REGISTRY_W 13u
#define CERT_STORE_OPEN_EXISTING_FLAG 0x00004000u
#define CERT_STORE_READONLY_FLAG 0x00008000u
#define CERT_SYSTEM_STORE_CURRENT_USER (1u << 16)
#define CERT_SYSTEM_STORE_LOCAL_MACHINE (2u << 16)
#define CERT_SYSTEM_STORE_CURRENT_USER_GROUP_POLICY (7u << 16)
#define CERT_SYSTEM_STORE_LOCAL_MACHINE_GROUP_POLICY (8u << 16)
#define CERT_SYSTEM_STORE_LOCAL_MACHINE_ENTERPRISE (9u << 16)
#define CERT_STORE_ADD_ALWAYS 4u
#define CERT_FIND_EXT_ONLY_ENHKEY_USAGE_FLAG 0x2u
#define CERT_FIND_PROP_ONLY_ENHKEY_USAGE_FLAG 0x4u
#define X509_ASN_ENCODING 0x00000001u
#define PKCS_7_ASN_ENCODING 0x00010000u
#define CERT_DISALLOWED_FILETIME_PROP_ID 104u
#define CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID 122u
#define CERT_NOT_BEFORE_FILETIME_PROP_ID 126u
#define CERT_NOT_BEFORE_ENHKEY_USAGE_PROP_ID 127u
/* Microsoft's current wincrypt.h; mingw-w64's lacks it (WincryptLayoutTest checks the value against Microsoft's). */
#define CERT_DISALLOWED_CA_FILETIME_PROP_ID 128u
#define CERT_OCSP_RESPONSE_PROP_ID 70u
#define CERT_SET_PROPERTY_IGNORE_PERSIST_ERROR_FLAG 0x80000000u
#define USAGE_MATCH_TYPE_AND 0u
#define USAGE_MATCH_TYPE_OR 1u
#define CERT_CHAIN_CACHE_END_CERT 0x00000001u
#define CERT_CHAIN_REVOCATION_CHECK_END_CERT 0x10000000u
#define CERT_CHAIN_REVOCATION_CHECK_CACHE_ONLY 0x80000000u
#define CERT_CHAIN_REVOCATION_ACCUMULATIVE_TIMEOUT 0x08000000u
#define CERT_CHAIN_POLICY_SSL 4u
#define AUTHTYPE_SERVER 2u
#define CERT_CHAIN_POLICY_IGNORE_ALL_REV_UNKNOWN_FLAGS 0x00000F00u

typedef struct _CRYPTOAPI_BLOB {
    DWORD cbData;
    BYTE *pbData;
} CRYPT_DATA_BLOB;

typedef struct _CTL_USAGE {
    DWORD cUsageIdentifier;
    LPSTR *rgpszUsageIdentifier;
} CERT_ENHKEY_USAGE;

typedef struct _CERT_CONTEXT {
    DWORD dwCertEncodingType;
    BYTE *pbCertEncoded;
    DWORD cbCertEncoded;
    void *pCertInfo;
    HCERTSTORE hCertStore;
} CERT_CONTEXT;

typedef struct _CERT_USAGE_MATCH {
    DWORD dwType;
    CERT_ENHKEY_USAGE Usage;
} CERT_USAGE_MATCH;

typedef struct _FILETIME {
    DWORD dwLowDateTime;
    DWORD dwHighDateTime;
} FILETIME;

/* As declared with CERT_CHAIN_PARA_HAS_EXTRA_FIELDS. */
typedef struct _CERT_CHAIN_PARA {
    DWORD cbSize;
    CERT_USAGE_MATCH RequestedUsage;
    CERT_USAGE_MATCH RequestedIssuancePolicy;
    DWORD dwUrlRetrievalTimeout;
    BOOL fCheckRevocationFreshnessTime;
    DWORD dwRevocationFreshnessTime;
    FILETIME *pftCacheResync;
    void *pStrongSignPara;
    DWORD dwStrongSignFlags;
} CERT_CHAIN_PARA;

typedef struct _CERT_TRUST_STATUS {
    DWORD dwErrorStatus;
    DWORD dwInfoStatus;
} CERT_TRUST_STATUS;

typedef struct _GUID {
    DWORD Data1;
    WORD Data2;
    WORD Data3;
    BYTE Data4[8];
} GUID;

typedef struct _CERT_CHAIN_ELEMENT {
    DWORD cbSize;
    const CERT_CONTEXT *pCertContext;
    CERT_TRUST_STATUS TrustStatus;
    void *pRevocationInfo;
    CERT_ENHKEY_USAGE *pIssuanceUsage;
    CERT_ENHKEY_USAGE *pApplicationUsage;
    LPCWSTR pwszExtendedErrorInfo;
} CERT_CHAIN_ELEMENT;

typedef struct _CERT_SIMPLE_CHAIN {
    DWORD cbSize;
    CERT_TRUST_STATUS TrustStatus;
    DWORD cElement;
    CERT_CHAIN_ELEMENT **rgpElement;
    void *pTrustListInfo;
    BOOL fHasRevocationFreshnessTime;
    DWORD dwRevocationFreshnessTime;
} CERT_SIMPLE_CHAIN;

typedef struct _CERT_CHAIN_CONTEXT CERT_CHAIN_CONTEXT;
struct _CERT_CHAIN_CONTEXT {
    DWORD cbSize;
    CERT_TRUST_STATUS TrustStatus;
    DWORD cChain;
    CERT_SIMPLE_CHAIN **rgpChain;
    DWORD cLowerQualityChainContext;
    const CERT_CHAIN_CONTEXT **rgpLowerQualityChainContext;
    BOOL fHasRevocationFreshnessTime;
    DWORD dwRevocationFreshnessTime;
    DWORD dwCreateFlags;
    GUID ChainId;
};

typedef struct _CERT_CHAIN_POLICY_PARA {
    DWORD cbSize;
    DWORD dwFlags;
    void *pvExtraPolicyPara;
} CERT_CHAIN_POLICY_PARA;

typedef struct _CERT_CHAIN_POLICY_STATUS {
    DWORD cbSize;
    DWORD dwError;
    LONG lChainIndex;
    LONG lElementIndex;
    void *pvExtraPolicyStatus;
} CERT_CHAIN_POLICY_STATUS;

typedef struct _HTTPSPolicyCallbackData {
    union {
        DWORD cbStruct;
        DWORD cbSize;
    };
    DWORD dwAuthType;
    DWORD fdwChecks;
    WCHAR *pwszServerName;
} SSL_EXTRA_CERT_CHAIN_POLICY_PARA;

/* ---------------------------------------------------------------------------------------------------------------
 * Recording violations and last calls.
 */
static char violations[1 << 16];
static size_t violations_length;
static int violation_count;

static void violation(const char *format, ...) {
    violation_count++;
    if (violations_length >= sizeof violations - 256) {
        return;
    }
    va_list arguments;
    va_start(arguments, format);
    int written = vsnprintf(violations + violations_length, sizeof violations - violations_length - 2, format,
                            arguments);
    va_end(arguments);
    if (written > 0) {
        violations_length += (size_t) written < sizeof violations - violations_length - 2
                ? (size_t) written : sizeof violations - violations_length - 2;
        violations[violations_length++] = '\n';
        violations[violations_length] = 0;
    }
}

static char last_chain_call[4096];
static char last_policy_call[2048];

static void append(char *buffer, size_t size, const char *format, ...) {
    size_t length = strlen(buffer);
    if (length >= size - 1) {
        return;
    }
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(buffer + length, size - length, format, arguments);
    va_end(arguments);
}

/* A test-provided callback run at the start of calls that read caller memory through pointers, told which call it
 * runs in (the test makes it collect garbage, so a buffer the caller let become unreachable is freed before it is
 * read). */
typedef void (*call_hook_t)(const char *function);
static call_hook_t call_hook;

static void run_call_hook(const char *function) {
    if (call_hook != NULL) {
        call_hook(function);
    }
}

/* How often each crypt32 function was called since shim_reset(). */
#define MAX_COUNTERS 32
static struct {
    const char *function;
    int calls;
} counters[MAX_COUNTERS];
static int counter_count;

static void count_call(const char *function) {
    for (int i = 0; i < counter_count; i++) {
        if (strcmp(counters[i].function, function) == 0) {
            counters[i].calls++;
            return;
        }
    }
    if (counter_count < MAX_COUNTERS) {
        counters[counter_count].function = function;
        counters[counter_count++].calls = 1;
    }
}

/* ---------------------------------------------------------------------------------------------------------------
 * Issued objects. Every pointer handed out is remembered (open addressing on the address) until shim_reset().
 */
enum kind { KIND_STORE = 1, KIND_CONTEXT = 2, KIND_CHAIN = 3 };

struct object {
    const void *address;
    int kind;
    int live;
};

#define OBJECTS (1 << 20)
static struct object *objects;
static int issued[4];
static int live[4];

static struct object *slot(const void *address) {
    uintptr_t hash = ((uintptr_t) address >> 4) * 0x9E3779B97F4A7C15ull;
    for (size_t i = 0; i < OBJECTS; i++) {
        struct object *candidate = &objects[(hash + i) & (OBJECTS - 1)];
        if (candidate->address == address || candidate->address == NULL) {
            return candidate;
        }
    }
    return NULL;
}

static void remember(const void *address, int kind) {
    if (objects == NULL) {
        objects = calloc(OBJECTS, sizeof *objects);
    }
    struct object *entry = slot(address);
    if (entry == NULL || entry->address != NULL) {
        violation("internal: object table full or address reused");
        return;
    }
    entry->address = address;
    entry->kind = kind;
    entry->live = 1;
    issued[kind]++;
    live[kind]++;
}

static const char *kind_name(int kind) {
    return kind == KIND_STORE ? "store" : kind == KIND_CONTEXT ? "certificate context" : "chain context";
}

/* Whether address is a live object of this kind; records the violation otherwise. */
static int check_live(const char *function, const void *address, int kind) {
    if (address == NULL) {
        violation("%s: NULL %s", function, kind_name(kind));
        return 0;
    }
    struct object *entry = objects == NULL ? NULL : slot(address);
    if (entry == NULL || entry->address == NULL) {
        violation("%s: %p is not a %s this library issued", function, address, kind_name(kind));
        return 0;
    }
    if (entry->kind != kind) {
        violation("%s: %p is a %s, not a %s", function, address, kind_name(entry->kind), kind_name(kind));
        return 0;
    }
    if (!entry->live) {
        violation("%s: %s %p used after it was freed", function, kind_name(kind), address);
        return 0;
    }
    return 1;
}

static int release(const char *function, const void *address, int kind) {
    if (address == NULL) {
        violation("%s: NULL %s", function, kind_name(kind));
        return 0;
    }
    struct object *entry = objects == NULL ? NULL : slot(address);
    if (entry == NULL || entry->address == NULL || entry->kind != kind) {
        violation("%s: %p is not a %s this library issued", function, address, kind_name(kind));
        return 0;
    }
    if (!entry->live) {
        violation("%s: %s %p freed twice", function, kind_name(kind), address);
        return 0;
    }
    entry->live = 0;
    live[kind]--;
    return 1;
}

/* ---------------------------------------------------------------------------------------------------------------
 * Test data: certificates, system stores and their entries, configured through the shim_* functions.
 */
struct certificate {
    BYTE *der;
    DWORD length;
};

#define MAX_PROPERTIES 8
struct property {
    DWORD id;
    DWORD error; /* nonzero: the call fails with this error */
    BYTE *value;
    DWORD length;
};

/* One source of a certificate's enhanced key usage: its EKU extension, or the store's EKU property. */
enum usage_mode { USAGE_ABSENT = 0, USAGE_LISTED = 1, USAGE_ERROR = 3 };
struct usage {
    int mode;
    DWORD error;       /* USAGE_ERROR: CertGetEnhancedKeyUsage fails with it */
    char oids[512];    /* USAGE_LISTED: space-separated OIDs, possibly none (no use) */
};

struct entry {
    int certificate;
    struct usage extension;
    struct usage property;
    struct property properties[MAX_PROPERTIES];
    int property_count;
};

#define MAX_CERTIFICATES 256
#define MAX_ENTRIES 64
#define MAX_SYSTEM_STORES 64
struct system_store {
    DWORD provider;
    DWORD location;
    char name[32];
    DWORD open_error;       /* nonzero: CertOpenStore fails with it */
    int enum_error_after;   /* >= 0: CertEnumCertificatesInStore fails after this many */
    DWORD enum_error;
    struct entry entries[MAX_ENTRIES];
    int entry_count;
};

static struct certificate certificates[MAX_CERTIFICATES];
static int certificate_count;
static struct system_store system_stores[MAX_SYSTEM_STORES];
static int system_store_count;

/* What an opened store handle points to. */
struct store {
    uint32_t magic;
    int memory; /* CERT_STORE_PROV_MEMORY */
    struct system_store *system;
    struct certificate memory_certificates[16];
    int memory_count;
};

/* What a certificate context pointer points to: the public CERT_CONTEXT first. */
struct context {
    CERT_CONTEXT public;
    struct store *store; /* NULL when made by CertCreateCertificateContext */
    int position;        /* index of the entry in the system store */
    struct entry *entry;
    BYTE *ocsp;
    DWORD ocsp_length;
};

struct chain_fault {
    char function[64];
    DWORD error;
};
static struct chain_fault faults[8];
static int fault_count;

/* Nonzero: a successful CertGetEnhancedKeyUsage leaves CRYPT_E_NOT_FOUND as the last error instead of clearing it,
 * as a crypt32 that does not touch the last error on success leaves the error of the property read before it. */
static int stale_last_error;
/* Nonzero: CertGetEnhancedKeyUsage points its first identifier at a string outside the caller's buffer, as a broken
 * crypt32 might; the string itself is valid, so only a reader that checks where it points can tell. */
static int identifier_outside_buffer;
static char outside_identifier[] = "1.3.6.1.5.5.7.3.1";

static DWORD chain_error_status;
static DWORD policy_error;
static LONG policy_chain_index = -1;
static LONG policy_element_index = -1;
static int chain_root = -1;
/* When set (shim_chain_path), the chain engine's path after the leaf, whatever else the server sent: what Windows
 * builds from its own stores and AIA downloads (an intermediate the server omitted, its root). */
#define MAX_PATH_ELEMENTS 8
static int chain_path[MAX_PATH_ELEMENTS];
static int chain_path_length;
static const WCHAR *element_error_info = L"shim: element error";

static DWORD injected(const char *function) {
    for (int i = 0; i < fault_count; i++) {
        if (strcmp(faults[i].function, function) == 0) {
            return faults[i].error;
        }
    }
    return 0;
}

/* Freed memory is overwritten, so that a use after free reads garbage; it is released at shim_reset(). */
#define MAX_GARBAGE (1 << 18)
static void *garbage[MAX_GARBAGE];
static int garbage_count;

static void poison(void *memory, size_t size) {
    memset(memory, 0xDD, size);
    if (garbage_count < MAX_GARBAGE) {
        garbage[garbage_count++] = memory;
    } else {
        violation("internal: too many freed objects kept");
    }
}

static void *allocate(size_t size) {
    void *memory = calloc(1, size);
    if (memory == NULL) {
        abort();
    }
    return memory;
}

/* ---------------------------------------------------------------------------------------------------------------
 * Control functions, called by the tests through their own JNA interface.
 */
void shim_reset(void) {
    for (int i = 0; i < garbage_count; i++) {
        free(garbage[i]);
    }
    garbage_count = 0;
    /* Live objects left by a failed test are leaked on purpose: freeing them could hide a later use. */
    if (objects != NULL) {
        memset(objects, 0, OBJECTS * sizeof *objects);
    }
    memset(issued, 0, sizeof issued);
    memset(live, 0, sizeof live);
    for (int i = 0; i < certificate_count; i++) {
        free(certificates[i].der);
    }
    certificate_count = 0;
    for (int s = 0; s < system_store_count; s++) {
        for (int e = 0; e < system_stores[s].entry_count; e++) {
            for (int p = 0; p < system_stores[s].entries[e].property_count; p++) {
                free(system_stores[s].entries[e].properties[p].value);
            }
        }
    }
    memset(system_stores, 0, sizeof system_stores);
    system_store_count = 0;
    violations_length = 0;
    violations[0] = 0;
    violation_count = 0;
    last_chain_call[0] = 0;
    last_policy_call[0] = 0;
    counter_count = 0;
    stale_last_error = 0;
    identifier_outside_buffer = 0;
    fault_count = 0;
    chain_error_status = 0;
    policy_error = 0;
    policy_chain_index = -1;
    policy_element_index = -1;
    chain_root = -1;
    chain_path_length = 0;
    call_hook = NULL;
}

int shim_certificate(const BYTE *der, DWORD length) {
    if (certificate_count == MAX_CERTIFICATES) {
        return -1;
    }
    certificates[certificate_count].der = malloc(length);
    memcpy(certificates[certificate_count].der, der, length);
    certificates[certificate_count].length = length;
    return certificate_count++;
}

static struct system_store *find_system_store(DWORD provider, DWORD location, const char *name) {
    for (int i = 0; i < system_store_count; i++) {
        if (system_stores[i].provider == provider && system_stores[i].location == location
                && strcmp(system_stores[i].name, name) == 0) {
            return &system_stores[i];
        }
    }
    return NULL;
}

static struct system_store *system_store(DWORD provider, DWORD location, const char *name) {
    struct system_store *store = find_system_store(provider, location, name);
    if (store == NULL && system_store_count < MAX_SYSTEM_STORES) {
        store = &system_stores[system_store_count++];
        store->provider = provider;
        store->location = location;
        snprintf(store->name, sizeof store->name, "%s", name);
        store->enum_error_after = -1;
    }
    return store;
}

/* Creates the store if needed (an empty store exists; one never mentioned does not). */
void shim_store(DWORD provider, DWORD location, const char *name) {
    system_store(provider, location, name);
}

void shim_store_open_error(DWORD provider, DWORD location, const char *name, DWORD error) {
    system_store(provider, location, name)->open_error = error;
}

void shim_store_enumeration_error(DWORD provider, DWORD location, const char *name, int after, DWORD error) {
    struct system_store *store = system_store(provider, location, name);
    store->enum_error_after = after;
    store->enum_error = error;
}

/* Adds a certificate to a store; returns the entry's handle (store index * MAX_ENTRIES + entry index). */
int shim_store_add(DWORD provider, DWORD location, const char *name, int certificate) {
    struct system_store *store = system_store(provider, location, name);
    if (store == NULL || store->entry_count == MAX_ENTRIES || certificate < 0 || certificate >= certificate_count) {
        return -1;
    }
    struct entry *entry = &store->entries[store->entry_count];
    memset(entry, 0, sizeof *entry);
    entry->certificate = certificate;
    return (int) (store - system_stores) * MAX_ENTRIES + store->entry_count++;
}

static struct entry *entry_of(int handle) {
    if (handle < 0 || handle / MAX_ENTRIES >= system_store_count
            || handle % MAX_ENTRIES >= system_stores[handle / MAX_ENTRIES].entry_count) {
        return NULL;
    }
    return &system_stores[handle / MAX_ENTRIES].entries[handle % MAX_ENTRIES];
}

/* The entry's EKU extension (source CERT_FIND_EXT_ONLY_ENHKEY_USAGE_FLAG) or EKU property (..._PROP_ONLY_...). */
void shim_entry_usage(int handle, DWORD source, int mode, const char *oids, DWORD error) {
    struct entry *entry = entry_of(handle);
    if (entry != NULL) {
        struct usage *usage = source == CERT_FIND_EXT_ONLY_ENHKEY_USAGE_FLAG ? &entry->extension : &entry->property;
        usage->mode = mode;
        usage->error = error;
        snprintf(usage->oids, sizeof usage->oids, "%s", oids == NULL ? "" : oids);
    }
}

void shim_stale_last_error(int on) {
    stale_last_error = on;
}

void shim_identifier_outside_buffer(int on) {
    identifier_outside_buffer = on;
}

void shim_entry_property(int handle, DWORD id, const BYTE *value, DWORD length, DWORD error) {
    struct entry *entry = entry_of(handle);
    if (entry == NULL || entry->property_count == MAX_PROPERTIES) {
        return;
    }
    struct property *property = &entry->properties[entry->property_count++];
    property->id = id;
    property->error = error;
    property->length = length;
    property->value = malloc(length == 0 ? 1 : length);
    if (length > 0) {
        memcpy(property->value, value, length);
    }
}

void shim_fail(const char *function, DWORD error) {
    if (fault_count < 8) {
        snprintf(faults[fault_count].function, sizeof faults[fault_count].function, "%s", function);
        faults[fault_count++].error = error;
    }
}

/* The verdict of the next chain: trust errors of the element policy_element_index blames, and the policy error. */
void shim_chain_verdict(DWORD trust_errors, DWORD error, LONG chain_index, LONG element_index, int root) {
    chain_error_status = trust_errors;
    policy_error = error;
    policy_chain_index = chain_index;
    policy_element_index = element_index;
    chain_root = root;
}

/* Appends a certificate to the path the next chains are built along (after the leaf, in order). */
void shim_chain_path(int certificate) {
    if (chain_path_length < MAX_PATH_ELEMENTS && certificate >= 0 && certificate < certificate_count) {
        chain_path[chain_path_length++] = certificate;
    }
}

void shim_set_call_hook(call_hook_t hook) {
    call_hook = hook;
}

const char *shim_violations(void) {
    return violations;
}

int shim_violation_count(void) {
    return violation_count;
}

int shim_live(int kind) {
    return kind >= 1 && kind <= 3 ? live[kind] : -1;
}

int shim_issued(int kind) {
    return kind >= 1 && kind <= 3 ? issued[kind] : -1;
}

int shim_calls(const char *function) {
    for (int i = 0; i < counter_count; i++) {
        if (strcmp(counters[i].function, function) == 0) {
            return counters[i].calls;
        }
    }
    return 0;
}

const char *shim_last_chain_call(void) {
    return last_chain_call;
}

const char *shim_last_policy_call(void) {
    return last_policy_call;
}

/* ---------------------------------------------------------------------------------------------------------------
 * Argument checks for caller memory.
 */

/* An OID string as crypt32 expects: ASCII digits and dots. Copies it into out. */
static int check_oid(const char *function, const char *oid, char *out, size_t size) {
    if (oid == NULL) {
        violation("%s: NULL usage identifier", function);
        return 0;
    }
    size_t length = 0;
    for (; length < 64 && oid[length] != 0; length++) {
        if (!((oid[length] >= '0' && oid[length] <= '9') || oid[length] == '.')) {
            violation("%s: usage identifier byte %zu is 0x%02x, not an OID character (freed or corrupt memory)",
                      function, length, (unsigned char) oid[length]);
            return 0;
        }
    }
    if (length == 0 || length == 64 || oid[0] == '.' || oid[length - 1] == '.') {
        violation("%s: usage identifier of length %zu is not an OID", function, length);
        return 0;
    }
    snprintf(out, size, "%.*s", (int) length, oid);
    return 1;
}

/* A host name as a wide string: printable, bounded. Copies it (as UTF-8 for ASCII, \\u escapes otherwise). */
static int check_wide(const char *function, const WCHAR *text, size_t maximum, char *out, size_t size) {
    out[0] = 0;
    size_t length = 0;
    for (; length < maximum && text[length] != 0; length++) {
        wchar_t c = text[length];
        if (c < 0x20 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) || c == 0x7F) {
            violation("%s: wide character %zu is 0x%x: not text (freed or corrupt memory)", function, length,
                      (unsigned) c);
            return 0;
        }
        if (c < 0x80) {
            append(out, size, "%c", (char) c);
        } else {
            append(out, size, "\\u%04x", (unsigned) c);
        }
    }
    if (length == maximum) {
        violation("%s: wide string not terminated within %zu characters", function, maximum);
        return 0;
    }
    return 1;
}

static int known_location(DWORD location) {
    return location == CERT_SYSTEM_STORE_CURRENT_USER || location == CERT_SYSTEM_STORE_LOCAL_MACHINE
            || location == CERT_SYSTEM_STORE_CURRENT_USER_GROUP_POLICY
            || location == CERT_SYSTEM_STORE_LOCAL_MACHINE_GROUP_POLICY
            || location == CERT_SYSTEM_STORE_LOCAL_MACHINE_ENTERPRISE;
}

/* ---------------------------------------------------------------------------------------------------------------
 * The crypt32 functions.
 */
#ifndef SHIM_OMIT_CertOpenStore
HCERTSTORE CertOpenStore(LPCSTR provider, DWORD encoding, void *crypt_provider, DWORD flags, const void *para) {
    count_call("CertOpenStore");
    run_call_hook("CertOpenStore");
    uintptr_t kind = (uintptr_t) provider;
    if (encoding != 0 || crypt_provider != NULL) {
        violation("CertOpenStore: encoding 0x%x and provider handle %p must be 0 for these providers", encoding,
                  crypt_provider);
    }
    if (kind == CERT_STORE_PROV_MEMORY) {
        if (flags != 0 || para != NULL) {
            violation("CertOpenStore(memory): flags 0x%x and para %p, expected 0 and NULL", flags, para);
        }
        DWORD error = injected("CertOpenStore(memory)");
        if (error != 0) {
            errno = (int) error;
            return NULL;
        }
        struct store *store = allocate(sizeof *store);
        store->magic = 0x53544F52;
        store->memory = 1;
        remember(store, KIND_STORE);
        return store;
    }
    if (kind != CERT_STORE_PROV_SYSTEM_W && kind != CERT_STORE_PROV_SYSTEM_REGISTRY_W) {
        violation("CertOpenStore: unexpected provider %lu", (unsigned long) kind);
        errno = (int) E_INVALIDARG;
        return NULL;
    }
    DWORD location = flags & 0x00FF0000u;
    DWORD rest = flags & ~0x00FF0000u;
    if (!known_location(location) || rest != (CERT_STORE_OPEN_EXISTING_FLAG | CERT_STORE_READONLY_FLAG)) {
        violation("CertOpenStore: flags 0x%x: expected a system store location | OPEN_EXISTING | READONLY", flags);
    }
    char name[64];
    if (para == NULL || !check_wide("CertOpenStore", para, 32, name, sizeof name)) {
        if (para == NULL) {
            violation("CertOpenStore: NULL store name");
        }
        errno = (int) E_INVALIDARG;
        return NULL;
    }
    if (strcmp(name, "ROOT") != 0 && strcmp(name, "CA") != 0 && strcmp(name, "Disallowed") != 0) {
        violation("CertOpenStore: unexpected store name \"%s\"", name);
    }
    struct system_store *system = find_system_store((DWORD) kind, location, name);
    if (system == NULL) {
        errno = (int) ERROR_FILE_NOT_FOUND;
        return NULL;
    }
    if (system->open_error != 0) {
        errno = (int) system->open_error;
        return NULL;
    }
    struct store *store = allocate(sizeof *store);
    store->magic = 0x53544F52;
    store->system = system;
    remember(store, KIND_STORE);
    return store;
}
#endif

#ifndef SHIM_OMIT_CertCloseStore
BOOL CertCloseStore(HCERTSTORE handle, DWORD flags) {
    count_call("CertCloseStore");
    if (flags != 0) {
        violation("CertCloseStore: flags 0x%x, expected 0", flags);
    }
    if (!release("CertCloseStore", handle, KIND_STORE)) {
        errno = (int) E_INVALIDARG;
        return FALSE;
    }
    struct store *store = handle;
    for (int i = 0; i < store->memory_count; i++) {
        poison(store->memory_certificates[i].der, store->memory_certificates[i].length);
    }
    poison(handle, sizeof(struct store));
    return TRUE;
}
#endif

static struct context *new_context(struct store *store, int position, struct entry *entry, const BYTE *der,
                                   DWORD length) {
    struct context *context = allocate(sizeof *context);
    context->public.dwCertEncodingType = X509_ASN_ENCODING | PKCS_7_ASN_ENCODING;
    context->public.pbCertEncoded = allocate(length);
    memcpy(context->public.pbCertEncoded, der, length);
    context->public.cbCertEncoded = length;
    context->public.hCertStore = store;
    context->store = store;
    context->position = position;
    context->entry = entry;
    remember(context, KIND_CONTEXT);
    return context;
}

static void free_context(struct context *context) {
    memset(context->public.pbCertEncoded, 0xDD, context->public.cbCertEncoded);
    poison(context->public.pbCertEncoded, context->public.cbCertEncoded);
    if (context->ocsp != NULL) {
        poison(context->ocsp, context->ocsp_length);
    }
    poison(context, sizeof *context);
}

#ifndef SHIM_OMIT_CertFreeCertificateContext
BOOL CertFreeCertificateContext(const CERT_CONTEXT *handle) {
    count_call("CertFreeCertificateContext");
    if (!release("CertFreeCertificateContext", handle, KIND_CONTEXT)) {
        return TRUE; /* Windows does not report it either: the violation is recorded */
    }
    free_context((struct context *) handle);
    return TRUE;
}
#endif

#ifndef SHIM_OMIT_CertEnumCertificatesInStore
const CERT_CONTEXT *CertEnumCertificatesInStore(HCERTSTORE handle, const CERT_CONTEXT *previous) {
    count_call("CertEnumCertificatesInStore");
    int position = 0;
    if (previous != NULL) {
        if (!check_live("CertEnumCertificatesInStore", previous, KIND_CONTEXT)) {
            errno = (int) E_INVALIDARG;
            return NULL;
        }
        struct context *before = (struct context *) previous;
        if (before->store != handle) {
            violation("CertEnumCertificatesInStore: previous context %p is not from store %p", previous, handle);
        }
        position = before->position + 1;
        release("CertEnumCertificatesInStore", previous, KIND_CONTEXT); /* always frees the previous context */
        free_context(before);
    }
    if (!check_live("CertEnumCertificatesInStore", handle, KIND_STORE)) {
        errno = (int) E_INVALIDARG;
        return NULL;
    }
    struct store *store = handle;
    if (store->system == NULL) {
        violation("CertEnumCertificatesInStore: only system stores are enumerated by this backend");
        errno = (int) CRYPT_E_NOT_FOUND;
        return NULL;
    }
    struct system_store *system = store->system;
    if (system->enum_error_after >= 0 && position >= system->enum_error_after) {
        errno = (int) system->enum_error;
        return NULL;
    }
    if (position >= system->entry_count) {
        errno = (int) CRYPT_E_NOT_FOUND;
        return NULL;
    }
    struct entry *entry = &system->entries[position];
    struct context *context = new_context(store, position, entry, certificates[entry->certificate].der,
                                          certificates[entry->certificate].length);
    return &context->public;
}
#endif

#ifndef SHIM_OMIT_CertGetEnhancedKeyUsage
/* Whether oid is one of the space-separated OIDs. */
static int listed(const char *oids, const char *oid) {
    char copy[512];
    snprintf(copy, sizeof copy, "%s", oids);
    char *rest = NULL;
    for (char *token = strtok_r(copy, " ", &rest); token != NULL; token = strtok_r(NULL, " ", &rest)) {
        if (strcmp(token, oid) == 0) {
            return 1;
        }
    }
    return 0;
}

/*
 * As crypt32 answers: with CERT_FIND_EXT_ONLY_ENHKEY_USAGE_FLAG or CERT_FIND_PROP_ONLY_ENHKEY_USAGE_FLAG, that one
 * source, FALSE with CRYPT_E_NOT_FOUND when it is absent; with 0, both merged as Microsoft documents it (the one
 * present, or the intersection of both; neither: TRUE with no identifier and CRYPT_E_NOT_FOUND, "every use").
 */
BOOL CertGetEnhancedKeyUsage(const CERT_CONTEXT *handle, DWORD flags, CERT_ENHKEY_USAGE *usage, DWORD *size) {
    count_call("CertGetEnhancedKeyUsage");
    if (!check_live("CertGetEnhancedKeyUsage", handle, KIND_CONTEXT) || size == NULL) {
        if (size == NULL) {
            violation("CertGetEnhancedKeyUsage: NULL pcbUsage");
        }
        errno = (int) E_INVALIDARG;
        return FALSE;
    }
    if (flags != 0 && flags != CERT_FIND_EXT_ONLY_ENHKEY_USAGE_FLAG && flags != CERT_FIND_PROP_ONLY_ENHKEY_USAGE_FLAG) {
        violation("CertGetEnhancedKeyUsage: flags 0x%x, expected 0, EXT_ONLY or PROP_ONLY", flags);
    }
    struct entry *entry = ((struct context *) handle)->entry;
    if (entry == NULL) {
        violation("CertGetEnhancedKeyUsage: context %p is not from a system store", (const void *) handle);
        errno = (int) E_INVALIDARG;
        return FALSE;
    }
    const struct usage *sources[2];
    int source_count = 0;
    if (flags != CERT_FIND_PROP_ONLY_ENHKEY_USAGE_FLAG) {
        sources[source_count++] = &entry->extension;
    }
    if (flags != CERT_FIND_EXT_ONLY_ENHKEY_USAGE_FLAG) {
        sources[source_count++] = &entry->property;
    }
    const struct usage *present[2];
    int present_count = 0;
    for (int i = 0; i < source_count; i++) {
        if (sources[i]->mode == USAGE_ERROR) {
            errno = (int) sources[i]->error;
            return FALSE;
        }
        if (sources[i]->mode == USAGE_LISTED) {
            present[present_count++] = sources[i];
        }
    }
    if (present_count == 0 && flags != 0) {
        errno = (int) CRYPT_E_NOT_FOUND;
        return FALSE;
    }
    /* The identifiers: those of the first source present that every other present source lists too. */
    char oids[512] = "";
    if (present_count > 0) {
        char copy[512];
        snprintf(copy, sizeof copy, "%s", present[0]->oids);
        char *rest = NULL;
        for (char *token = strtok_r(copy, " ", &rest); token != NULL; token = strtok_r(NULL, " ", &rest)) {
            if (present_count == 1 || listed(present[1]->oids, token)) {
                append(oids, sizeof oids, "%s%s", oids[0] ? " " : "", token);
            }
        }
    }
    DWORD count = 0;
    size_t strings = 0;
    char copy[512];
    snprintf(copy, sizeof copy, "%s", oids);
    char *rest = NULL;
    for (char *token = strtok_r(copy, " ", &rest); token != NULL; token = strtok_r(NULL, " ", &rest)) {
        count++;
        strings += strlen(token) + 1;
    }
    DWORD needed = (DWORD) (sizeof(CERT_ENHKEY_USAGE) + count * sizeof(LPSTR) + strings);
    /* With flags 0 and no identifier, the last error is the API's only way to say which: every use (neither
     * source exists) or none. A stale crypt32 leaves the previous call's CRYPT_E_NOT_FOUND in both cases. */
    int last_error = stale_last_error || (flags == 0 && present_count == 0) ? (int) CRYPT_E_NOT_FOUND : 0;
    if (usage == NULL) {
        *size = needed;
        errno = last_error;
        return TRUE;
    }
    if (*size < needed) {
        *size = needed;
        errno = (int) ERROR_MORE_DATA;
        return FALSE;
    }
    LPSTR *array = (LPSTR *) (usage + 1);
    char *text = (char *) (array + count);
    usage->cUsageIdentifier = count;
    usage->rgpszUsageIdentifier = count == 0 ? NULL : array;
    snprintf(copy, sizeof copy, "%s", oids);
    DWORD i = 0;
    rest = NULL;
    for (char *token = strtok_r(copy, " ", &rest); token != NULL; token = strtok_r(NULL, " ", &rest)) {
        array[i++] = text;
        strcpy(text, token);
        text += strlen(token) + 1;
    }
    if (identifier_outside_buffer && count > 0) {
        array[0] = outside_identifier;
    }
    *size = needed;
    errno = last_error;
    return TRUE;
}
#endif

#ifndef SHIM_OMIT_CertGetCertificateContextProperty
BOOL CertGetCertificateContextProperty(const CERT_CONTEXT *handle, DWORD id, void *data, DWORD *size) {
    count_call("CertGetCertificateContextProperty");
    if (!check_live("CertGetCertificateContextProperty", handle, KIND_CONTEXT) || size == NULL) {
        if (size == NULL) {
            violation("CertGetCertificateContextProperty: NULL pcbData");
        }
        errno = (int) E_INVALIDARG;
        return FALSE;
    }
    if (id != CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID && id != CERT_DISALLOWED_FILETIME_PROP_ID
            && id != CERT_NOT_BEFORE_FILETIME_PROP_ID && id != CERT_NOT_BEFORE_ENHKEY_USAGE_PROP_ID
            && id != CERT_DISALLOWED_CA_FILETIME_PROP_ID) {
        violation("CertGetCertificateContextProperty: property %u is not one of the partial-distrust properties", id);
    }
    struct entry *entry = ((struct context *) handle)->entry;
    struct property *property = NULL;
    for (int i = 0; entry != NULL && i < entry->property_count; i++) {
        if (entry->properties[i].id == id) {
            property = &entry->properties[i];
        }
    }
    if (property == NULL) {
        errno = (int) CRYPT_E_NOT_FOUND;
        return FALSE;
    }
    if (property->error != 0) {
        errno = (int) property->error;
        return FALSE;
    }
    if (data == NULL) {
        *size = property->length;
        errno = 0;
        return TRUE;
    }
    if (*size < property->length) {
        *size = property->length;
        errno = (int) ERROR_MORE_DATA;
        return FALSE;
    }
    memcpy(data, property->value, property->length);
    *size = property->length;
    errno = 0;
    return TRUE;
}
#endif

#ifndef SHIM_OMIT_CertCreateCertificateContext
const CERT_CONTEXT *CertCreateCertificateContext(DWORD encoding, const BYTE *der, DWORD length) {
    count_call("CertCreateCertificateContext");
    DWORD error = injected("CertCreateCertificateContext");
    if (encoding != (X509_ASN_ENCODING | PKCS_7_ASN_ENCODING)) {
        violation("CertCreateCertificateContext: encoding 0x%x", encoding);
    }
    if (der == NULL || length < 4 || der[0] != 0x30) {
        violation("CertCreateCertificateContext: %u bytes that are not a DER SEQUENCE", length);
        error = error != 0 ? error : CRYPT_E_NOT_FOUND;
    }
    if (error != 0) {
        errno = (int) error;
        return NULL;
    }
    struct context *context = new_context(NULL, 0, NULL, der, length); /* a copy, as crypt32 makes one */
    return &context->public;
}
#endif

#ifndef SHIM_OMIT_CertAddEncodedCertificateToStore
BOOL CertAddEncodedCertificateToStore(HCERTSTORE handle, DWORD encoding, const BYTE *der, DWORD length,
                                      DWORD disposition, const CERT_CONTEXT **added) {
    count_call("CertAddEncodedCertificateToStore");
    DWORD error = injected("CertAddEncodedCertificateToStore");
    if (!check_live("CertAddEncodedCertificateToStore", handle, KIND_STORE)) {
        errno = (int) E_INVALIDARG;
        return FALSE;
    }
    struct store *store = handle;
    if (!store->memory) {
        violation("CertAddEncodedCertificateToStore: store %p is a system store (opened read-only)", handle);
    }
    if (encoding != (X509_ASN_ENCODING | PKCS_7_ASN_ENCODING) || disposition != CERT_STORE_ADD_ALWAYS
            || added != NULL) {
        violation("CertAddEncodedCertificateToStore: encoding 0x%x, disposition %u, ppCertContext %p", encoding,
                  disposition, (const void *) added);
    }
    if (der == NULL || length < 4 || der[0] != 0x30) {
        violation("CertAddEncodedCertificateToStore: %u bytes that are not a DER SEQUENCE", length);
    }
    if (error != 0) {
        errno = (int) error;
        return FALSE;
    }
    if (store->memory_count == 16) {
        violation("CertAddEncodedCertificateToStore: more than 16 certificates in one chain");
        errno = (int) E_INVALIDARG;
        return FALSE;
    }
    struct certificate *copy = &store->memory_certificates[store->memory_count++];
    copy->der = allocate(length);
    memcpy(copy->der, der, length);
    copy->length = length;
    errno = 0;
    return TRUE;
}
#endif

#ifndef SHIM_OMIT_CertSetCertificateContextProperty
BOOL CertSetCertificateContextProperty(const CERT_CONTEXT *handle, DWORD id, DWORD flags, const void *data) {
    count_call("CertSetCertificateContextProperty");
    run_call_hook("CertSetCertificateContextProperty");
    DWORD error = injected("CertSetCertificateContextProperty");
    if (!check_live("CertSetCertificateContextProperty", handle, KIND_CONTEXT)) {
        errno = (int) E_INVALIDARG;
        return FALSE;
    }
    if (id != CERT_OCSP_RESPONSE_PROP_ID || flags != CERT_SET_PROPERTY_IGNORE_PERSIST_ERROR_FLAG) {
        violation("CertSetCertificateContextProperty: property %u flags 0x%x, expected the OCSP response with "
                  "CERT_SET_PROPERTY_IGNORE_PERSIST_ERROR_FLAG", id, flags);
    }
    const CRYPT_DATA_BLOB *blob = data;
    if (blob == NULL || blob->cbData == 0 || blob->cbData > (1u << 20) || blob->pbData == NULL
            || blob->pbData[0] != 0x30) {
        violation("CertSetCertificateContextProperty: the OCSP response blob is not a DER SEQUENCE (%u bytes)",
                  blob == NULL ? 0 : blob->cbData);
        errno = (int) E_INVALIDARG;
        return FALSE;
    }
    if (error != 0) {
        errno = (int) error;
        return FALSE;
    }
    struct context *context = (struct context *) handle;
    context->ocsp = allocate(blob->cbData);
    memcpy(context->ocsp, blob->pbData, blob->cbData);
    context->ocsp_length = blob->cbData;
    errno = 0;
    return TRUE;
}
#endif

static CERT_CHAIN_ELEMENT *new_element(const struct certificate *certificate, DWORD errors) {
    CERT_CHAIN_ELEMENT *element = allocate(sizeof *element);
    element->cbSize = sizeof *element;
    CERT_CONTEXT *context = allocate(sizeof *context);
    context->dwCertEncodingType = X509_ASN_ENCODING | PKCS_7_ASN_ENCODING;
    context->cbCertEncoded = certificate->length;
    context->pbCertEncoded = allocate(context->cbCertEncoded);
    memcpy(context->pbCertEncoded, certificate->der, context->cbCertEncoded);
    element->pCertContext = context;
    element->TrustStatus.dwErrorStatus = errors;
    element->pwszExtendedErrorInfo = errors != 0 ? element_error_info : NULL;
    return element;
}

#ifndef SHIM_OMIT_CertGetCertificateChain
BOOL CertGetCertificateChain(HCERTCHAINENGINE engine, const CERT_CONTEXT *leaf, FILETIME *time,
                             HCERTSTORE additional, CERT_CHAIN_PARA *para, DWORD flags, void *reserved,
                             const CERT_CHAIN_CONTEXT **result) {
    count_call("CertGetCertificateChain");
    run_call_hook("CertGetCertificateChain");
    const char *me = "CertGetCertificateChain";
    last_chain_call[0] = 0;
    if (engine != NULL || reserved != NULL || result == NULL) {
        violation("%s: engine %p (expected the current user's, NULL), pvReserved %p, ppChainContext %p", me, engine,
                  reserved, (const void *) result);
    }
    if (!check_live(me, leaf, KIND_CONTEXT) || !check_live(me, additional, KIND_STORE)) {
        errno = (int) E_INVALIDARG;
        return FALSE;
    }
    struct context *leaf_context = (struct context *) leaf;
    struct store *store = additional;
    if (leaf_context->store != NULL || !store->memory) {
        violation("%s: the leaf must come from CertCreateCertificateContext and the extra store be in memory", me);
    }
    if (para == NULL) {
        violation("%s: NULL CERT_CHAIN_PARA", me);
        errno = (int) E_INVALIDARG;
        return FALSE;
    }
    append(last_chain_call, sizeof last_chain_call, "cbSize=%u", para->cbSize);
    if (para->cbSize != sizeof(CERT_CHAIN_PARA)) {
        /* Anything else is either the pre-Vista layout (32: no timeout field) or a wrong transcription. */
        violation("%s: CERT_CHAIN_PARA.cbSize is %u, expected %zu (with the extra fields; %zu without)", me,
                  para->cbSize, sizeof(CERT_CHAIN_PARA), offsetof(CERT_CHAIN_PARA, RequestedIssuancePolicy));
        errno = (int) E_INVALIDARG;
        return FALSE;
    }
    DWORD count = para->RequestedUsage.Usage.cUsageIdentifier;
    append(last_chain_call, sizeof last_chain_call, ";type=%u;count=%u;usages=", para->RequestedUsage.dwType, count);
    if (para->RequestedUsage.dwType != USAGE_MATCH_TYPE_AND && para->RequestedUsage.dwType != USAGE_MATCH_TYPE_OR) {
        violation("%s: RequestedUsage.dwType %u", me, para->RequestedUsage.dwType);
    }
    if (count == 0 || count > 16 || para->RequestedUsage.Usage.rgpszUsageIdentifier == NULL) {
        violation("%s: RequestedUsage.Usage: %u identifiers at %p", me, count,
                  (void *) para->RequestedUsage.Usage.rgpszUsageIdentifier);
        errno = (int) E_INVALIDARG;
        return FALSE;
    }
    for (DWORD i = 0; i < count; i++) {
        char oid[80];
        if (!check_oid(me, para->RequestedUsage.Usage.rgpszUsageIdentifier[i], oid, sizeof oid)) {
            errno = (int) E_INVALIDARG;
            return FALSE;
        }
        append(last_chain_call, sizeof last_chain_call, "%s%s", i == 0 ? "" : ",", oid);
    }
    if (para->RequestedIssuancePolicy.dwType != 0 || para->RequestedIssuancePolicy.Usage.cUsageIdentifier != 0
            || para->RequestedIssuancePolicy.Usage.rgpszUsageIdentifier != NULL || para->fCheckRevocationFreshnessTime
            || para->dwRevocationFreshnessTime != 0 || para->pftCacheResync != NULL || para->pStrongSignPara != NULL
            || para->dwStrongSignFlags != 0) {
        violation("%s: CERT_CHAIN_PARA fields after dwUrlRetrievalTimeout must be zero here", me);
    }
    DWORD known = CERT_CHAIN_CACHE_END_CERT | CERT_CHAIN_REVOCATION_CHECK_END_CERT
            | CERT_CHAIN_REVOCATION_CHECK_CACHE_ONLY | CERT_CHAIN_REVOCATION_ACCUMULATIVE_TIMEOUT;
    if ((flags & ~known) != 0) {
        violation("%s: unexpected flags 0x%x", me, flags & ~known);
    }
    append(last_chain_call, sizeof last_chain_call, ";timeout=%u;flags=0x%x", para->dwUrlRetrievalTimeout, flags);
    if (time != NULL) {
        append(last_chain_call, sizeof last_chain_call, ";time=%llu",
               ((unsigned long long) time->dwHighDateTime << 32) | time->dwLowDateTime);
    }
    if (leaf_context->ocsp != NULL) {
        append(last_chain_call, sizeof last_chain_call, ";ocsp=");
        for (DWORD i = 0; i < leaf_context->ocsp_length && i < 64; i++) {
            append(last_chain_call, sizeof last_chain_call, "%02x", leaf_context->ocsp[i]);
        }
    }
    DWORD error = injected(me);
    if (error != 0) {
        errno = (int) error;
        return FALSE;
    }
    /* The chain: the leaf, then the configured path; without one, the extra store's certificates in order and the
     * configured root. */
    struct certificate members[18];
    int member_count = 0;
    members[member_count].der = leaf->pbCertEncoded;
    members[member_count++].length = leaf->cbCertEncoded;
    if (chain_path_length > 0) {
        for (int i = 0; i < chain_path_length; i++) {
            members[member_count++] = certificates[chain_path[i]];
        }
    } else {
        for (int i = 0; i < store->memory_count; i++) {
            members[member_count++] = store->memory_certificates[i];
        }
        if (chain_root >= 0 && chain_root < certificate_count) {
            members[member_count++] = certificates[chain_root];
        }
    }
    CERT_SIMPLE_CHAIN *simple = allocate(sizeof *simple);
    simple->cbSize = sizeof *simple;
    simple->cElement = (DWORD) member_count;
    simple->rgpElement = allocate(member_count * sizeof(CERT_CHAIN_ELEMENT *));
    for (int i = 0; i < member_count; i++) {
        simple->rgpElement[i] = new_element(&members[i], i == policy_element_index ? chain_error_status : 0);
    }
    simple->TrustStatus.dwErrorStatus = chain_error_status;
    CERT_CHAIN_CONTEXT *chain = allocate(sizeof *chain);
    chain->cbSize = sizeof *chain;
    chain->TrustStatus.dwErrorStatus = chain_error_status;
    chain->cChain = 1;
    chain->rgpChain = allocate(sizeof(CERT_SIMPLE_CHAIN *));
    chain->rgpChain[0] = simple;
    remember(chain, KIND_CHAIN);
    *result = chain;
    errno = 0;
    return TRUE;
}
#endif

#ifndef SHIM_OMIT_CertFreeCertificateChain
void CertFreeCertificateChain(const CERT_CHAIN_CONTEXT *handle) {
    count_call("CertFreeCertificateChain");
    if (!release("CertFreeCertificateChain", handle, KIND_CHAIN)) {
        return;
    }
    CERT_CHAIN_CONTEXT *chain = (CERT_CHAIN_CONTEXT *) handle;
    CERT_SIMPLE_CHAIN *simple = chain->rgpChain[0];
    for (DWORD i = 0; i < simple->cElement; i++) {
        CERT_CHAIN_ELEMENT *element = simple->rgpElement[i];
        CERT_CONTEXT *context = (CERT_CONTEXT *) element->pCertContext;
        poison(context->pbCertEncoded, context->cbCertEncoded);
        poison(context, sizeof *context);
        poison(element, sizeof *element);
    }
    poison(simple->rgpElement, simple->cElement * sizeof(CERT_CHAIN_ELEMENT *));
    poison(simple, sizeof *simple);
    poison(chain->rgpChain, sizeof(CERT_SIMPLE_CHAIN *));
    poison(chain, sizeof *chain);
}
#endif

#ifndef SHIM_OMIT_CertVerifyCertificateChainPolicy
BOOL CertVerifyCertificateChainPolicy(LPCSTR policy, const CERT_CHAIN_CONTEXT *chain, CERT_CHAIN_POLICY_PARA *para,
                                      CERT_CHAIN_POLICY_STATUS *status) {
    count_call("CertVerifyCertificateChainPolicy");
    run_call_hook("CertVerifyCertificateChainPolicy");
    const char *me = "CertVerifyCertificateChainPolicy";
    last_policy_call[0] = 0;
    if ((uintptr_t) policy != CERT_CHAIN_POLICY_SSL) {
        violation("%s: policy %lu, expected CERT_CHAIN_POLICY_SSL", me, (unsigned long) (uintptr_t) policy);
    }
    if (!check_live(me, chain, KIND_CHAIN)) {
        errno = (int) E_INVALIDARG;
        return FALSE;
    }
    if (para == NULL || status == NULL) {
        violation("%s: para %p status %p", me, (void *) para, (void *) status);
        errno = (int) E_INVALIDARG;
        return FALSE;
    }
    if (para->cbSize != sizeof(CERT_CHAIN_POLICY_PARA) || status->cbSize != sizeof(CERT_CHAIN_POLICY_STATUS)) {
        violation("%s: CERT_CHAIN_POLICY_PARA.cbSize %u (expected %zu), CERT_CHAIN_POLICY_STATUS.cbSize %u "
                  "(expected %zu)", me, para->cbSize, sizeof(CERT_CHAIN_POLICY_PARA), status->cbSize,
                  sizeof(CERT_CHAIN_POLICY_STATUS));
        errno = (int) E_INVALIDARG;
        return FALSE;
    }
    if ((para->dwFlags & ~CERT_CHAIN_POLICY_IGNORE_ALL_REV_UNKNOWN_FLAGS) != 0) {
        violation("%s: unexpected policy flags 0x%x", me, para->dwFlags);
    }
    append(last_policy_call, sizeof last_policy_call, "flags=0x%x", para->dwFlags);
    SSL_EXTRA_CERT_CHAIN_POLICY_PARA *ssl = para->pvExtraPolicyPara;
    if (ssl == NULL) {
        violation("%s: no SSL_EXTRA_CERT_CHAIN_POLICY_PARA", me);
        errno = (int) E_INVALIDARG;
        return FALSE;
    }
    if (ssl->cbSize != sizeof(SSL_EXTRA_CERT_CHAIN_POLICY_PARA)) {
        violation("%s: SSL_EXTRA_CERT_CHAIN_POLICY_PARA.cbSize %u, expected %zu (freed or corrupt memory?)", me,
                  ssl->cbSize, sizeof(SSL_EXTRA_CERT_CHAIN_POLICY_PARA));
        errno = (int) E_INVALIDARG;
        return FALSE;
    }
    if (ssl->dwAuthType != AUTHTYPE_SERVER || ssl->fdwChecks != 0) {
        violation("%s: dwAuthType %u, fdwChecks 0x%x: expected AUTHTYPE_SERVER and no ignored check", me,
                  ssl->dwAuthType, ssl->fdwChecks);
    }
    append(last_policy_call, sizeof last_policy_call, ";auth=%u;checks=0x%x", ssl->dwAuthType, ssl->fdwChecks);
    if (ssl->pwszServerName != NULL) {
        char host[1024];
        if (!check_wide(me, ssl->pwszServerName, 256, host, sizeof host)) {
            errno = (int) E_INVALIDARG;
            return FALSE;
        }
        append(last_policy_call, sizeof last_policy_call, ";host=%s", host);
    }
    DWORD error = injected(me);
    if (error != 0) {
        errno = (int) error;
        return FALSE;
    }
    status->dwError = policy_error;
    status->lChainIndex = policy_chain_index;
    status->lElementIndex = policy_element_index;
    status->pvExtraPolicyStatus = NULL;
    errno = 0;
    return TRUE;
}
#endif

/* ---------------------------------------------------------------------------------------------------------------
 * This file's transcription, for comparison with mingw-w64's numbers: "size:T", "offset:T.member",
 * "width:T.member", "const:NAME".
 */
#define SIZE(type) {"size:" #type, sizeof(type)}
/* A field's offset and its width (sizeof the member), which alignment can hide from the offsets. */
#define FIELD(type, member) {"offset:" #type "." #member, offsetof(type, member)}, \
    {"width:" #type "." #member, sizeof(((type *) 0)->member)}
#define CONSTANT(name) {"const:" #name, (long long) (int32_t) (name)}
static const struct { const char *name; long long value; } layout[] = {
    SIZE(CERT_CONTEXT), FIELD(CERT_CONTEXT, dwCertEncodingType), FIELD(CERT_CONTEXT, pbCertEncoded),
    FIELD(CERT_CONTEXT, cbCertEncoded), FIELD(CERT_CONTEXT, pCertInfo), FIELD(CERT_CONTEXT, hCertStore),
    SIZE(CERT_ENHKEY_USAGE), FIELD(CERT_ENHKEY_USAGE, cUsageIdentifier),
    FIELD(CERT_ENHKEY_USAGE, rgpszUsageIdentifier),
    SIZE(CERT_USAGE_MATCH), FIELD(CERT_USAGE_MATCH, dwType), FIELD(CERT_USAGE_MATCH, Usage),
    FIELD(CERT_USAGE_MATCH, Usage.cUsageIdentifier), FIELD(CERT_USAGE_MATCH, Usage.rgpszUsageIdentifier),
    SIZE(CERT_CHAIN_PARA), FIELD(CERT_CHAIN_PARA, cbSize), FIELD(CERT_CHAIN_PARA, RequestedUsage),
    FIELD(CERT_CHAIN_PARA, RequestedUsage.dwType), FIELD(CERT_CHAIN_PARA, RequestedUsage.Usage),
    FIELD(CERT_CHAIN_PARA, RequestedUsage.Usage.cUsageIdentifier),
    FIELD(CERT_CHAIN_PARA, RequestedUsage.Usage.rgpszUsageIdentifier),
    FIELD(CERT_CHAIN_PARA, RequestedIssuancePolicy), FIELD(CERT_CHAIN_PARA, RequestedIssuancePolicy.dwType),
    FIELD(CERT_CHAIN_PARA, RequestedIssuancePolicy.Usage),
    FIELD(CERT_CHAIN_PARA, RequestedIssuancePolicy.Usage.cUsageIdentifier),
    FIELD(CERT_CHAIN_PARA, RequestedIssuancePolicy.Usage.rgpszUsageIdentifier),
    FIELD(CERT_CHAIN_PARA, dwUrlRetrievalTimeout), FIELD(CERT_CHAIN_PARA, fCheckRevocationFreshnessTime),
    FIELD(CERT_CHAIN_PARA, dwRevocationFreshnessTime), FIELD(CERT_CHAIN_PARA, pftCacheResync),
    FIELD(CERT_CHAIN_PARA, pStrongSignPara), FIELD(CERT_CHAIN_PARA, dwStrongSignFlags),
    SIZE(CERT_TRUST_STATUS), FIELD(CERT_TRUST_STATUS, dwErrorStatus), FIELD(CERT_TRUST_STATUS, dwInfoStatus),
    SIZE(GUID), FIELD(GUID, Data1), FIELD(GUID, Data2), FIELD(GUID, Data3), FIELD(GUID, Data4),
    SIZE(CERT_CHAIN_CONTEXT), FIELD(CERT_CHAIN_CONTEXT, cbSize), FIELD(CERT_CHAIN_CONTEXT, TrustStatus),
    FIELD(CERT_CHAIN_CONTEXT, TrustStatus.dwErrorStatus), FIELD(CERT_CHAIN_CONTEXT, TrustStatus.dwInfoStatus),
    FIELD(CERT_CHAIN_CONTEXT, cChain), FIELD(CERT_CHAIN_CONTEXT, rgpChain),
    FIELD(CERT_CHAIN_CONTEXT, cLowerQualityChainContext), FIELD(CERT_CHAIN_CONTEXT, rgpLowerQualityChainContext),
    FIELD(CERT_CHAIN_CONTEXT, fHasRevocationFreshnessTime), FIELD(CERT_CHAIN_CONTEXT, dwRevocationFreshnessTime),
    FIELD(CERT_CHAIN_CONTEXT, dwCreateFlags), FIELD(CERT_CHAIN_CONTEXT, ChainId),
    FIELD(CERT_CHAIN_CONTEXT, ChainId.Data1), FIELD(CERT_CHAIN_CONTEXT, ChainId.Data2),
    FIELD(CERT_CHAIN_CONTEXT, ChainId.Data3), FIELD(CERT_CHAIN_CONTEXT, ChainId.Data4),
    SIZE(CERT_SIMPLE_CHAIN), FIELD(CERT_SIMPLE_CHAIN, cbSize), FIELD(CERT_SIMPLE_CHAIN, TrustStatus),
    FIELD(CERT_SIMPLE_CHAIN, TrustStatus.dwErrorStatus), FIELD(CERT_SIMPLE_CHAIN, TrustStatus.dwInfoStatus),
    FIELD(CERT_SIMPLE_CHAIN, cElement), FIELD(CERT_SIMPLE_CHAIN, rgpElement),
    FIELD(CERT_SIMPLE_CHAIN, pTrustListInfo), FIELD(CERT_SIMPLE_CHAIN, fHasRevocationFreshnessTime),
    FIELD(CERT_SIMPLE_CHAIN, dwRevocationFreshnessTime),
    SIZE(CERT_CHAIN_ELEMENT), FIELD(CERT_CHAIN_ELEMENT, cbSize), FIELD(CERT_CHAIN_ELEMENT, pCertContext),
    FIELD(CERT_CHAIN_ELEMENT, TrustStatus), FIELD(CERT_CHAIN_ELEMENT, TrustStatus.dwErrorStatus),
    FIELD(CERT_CHAIN_ELEMENT, TrustStatus.dwInfoStatus), FIELD(CERT_CHAIN_ELEMENT, pRevocationInfo),
    FIELD(CERT_CHAIN_ELEMENT, pIssuanceUsage), FIELD(CERT_CHAIN_ELEMENT, pApplicationUsage),
    FIELD(CERT_CHAIN_ELEMENT, pwszExtendedErrorInfo),
    SIZE(CERT_CHAIN_POLICY_PARA), FIELD(CERT_CHAIN_POLICY_PARA, cbSize), FIELD(CERT_CHAIN_POLICY_PARA, dwFlags),
    FIELD(CERT_CHAIN_POLICY_PARA, pvExtraPolicyPara),
    SIZE(SSL_EXTRA_CERT_CHAIN_POLICY_PARA), FIELD(SSL_EXTRA_CERT_CHAIN_POLICY_PARA, cbSize),
    FIELD(SSL_EXTRA_CERT_CHAIN_POLICY_PARA, dwAuthType), FIELD(SSL_EXTRA_CERT_CHAIN_POLICY_PARA, fdwChecks),
    FIELD(SSL_EXTRA_CERT_CHAIN_POLICY_PARA, pwszServerName),
    SIZE(CERT_CHAIN_POLICY_STATUS), FIELD(CERT_CHAIN_POLICY_STATUS, cbSize),
    FIELD(CERT_CHAIN_POLICY_STATUS, dwError), FIELD(CERT_CHAIN_POLICY_STATUS, lChainIndex),
    FIELD(CERT_CHAIN_POLICY_STATUS, lElementIndex), FIELD(CERT_CHAIN_POLICY_STATUS, pvExtraPolicyStatus),
    SIZE(FILETIME), FIELD(FILETIME, dwLowDateTime), FIELD(FILETIME, dwHighDateTime),
    SIZE(CRYPT_DATA_BLOB), FIELD(CRYPT_DATA_BLOB, cbData), FIELD(CRYPT_DATA_BLOB, pbData),
    CONSTANT(ERROR_FILE_NOT_FOUND), CONSTANT(ERROR_MORE_DATA), CONSTANT(CRYPT_E_NOT_FOUND),
    CONSTANT(CERT_STORE_PROV_MEMORY), CONSTANT(CERT_STORE_PROV_SYSTEM_W), CONSTANT(CERT_STORE_PROV_SYSTEM_REGISTRY_W),
    CONSTANT(CERT_STORE_OPEN_EXISTING_FLAG), CONSTANT(CERT_STORE_READONLY_FLAG),
    CONSTANT(CERT_SYSTEM_STORE_CURRENT_USER), CONSTANT(CERT_SYSTEM_STORE_LOCAL_MACHINE),
    CONSTANT(CERT_SYSTEM_STORE_CURRENT_USER_GROUP_POLICY), CONSTANT(CERT_SYSTEM_STORE_LOCAL_MACHINE_GROUP_POLICY),
    CONSTANT(CERT_SYSTEM_STORE_LOCAL_MACHINE_ENTERPRISE), CONSTANT(CERT_STORE_ADD_ALWAYS),
    CONSTANT(X509_ASN_ENCODING), CONSTANT(PKCS_7_ASN_ENCODING), CONSTANT(CERT_DISALLOWED_FILETIME_PROP_ID),
    CONSTANT(CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID), CONSTANT(CERT_NOT_BEFORE_FILETIME_PROP_ID),
    CONSTANT(CERT_NOT_BEFORE_ENHKEY_USAGE_PROP_ID), CONSTANT(CERT_DISALLOWED_CA_FILETIME_PROP_ID),
    CONSTANT(CERT_OCSP_RESPONSE_PROP_ID),
    CONSTANT(CERT_SET_PROPERTY_IGNORE_PERSIST_ERROR_FLAG), CONSTANT(USAGE_MATCH_TYPE_AND),
    CONSTANT(USAGE_MATCH_TYPE_OR), CONSTANT(CERT_CHAIN_CACHE_END_CERT), CONSTANT(CERT_CHAIN_REVOCATION_CHECK_END_CERT),
    CONSTANT(CERT_CHAIN_REVOCATION_CHECK_CACHE_ONLY), CONSTANT(CERT_CHAIN_REVOCATION_ACCUMULATIVE_TIMEOUT),
    CONSTANT(CERT_CHAIN_POLICY_SSL), CONSTANT(AUTHTYPE_SERVER), CONSTANT(CERT_CHAIN_POLICY_IGNORE_ALL_REV_UNKNOWN_FLAGS),
};

int shim_layout_count(void) {
    return (int) (sizeof layout / sizeof layout[0]);
}

const char *shim_layout_name(int i) {
    return i >= 0 && i < shim_layout_count() ? layout[i].name : NULL;
}

long long shim_layout_value(int i) {
    return i >= 0 && i < shim_layout_count() ? layout[i].value : -1;
}
