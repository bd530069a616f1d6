/*
 * The raw PKCS#11 sign on this machine, in C, with nothing of Sidecar around it: the reference for issue #22's CPU
 * budget (Sidecar's CPU per request may exceed plain YARP's by this C_SignInit + C_Sign time + 5 µs).
 *
 *   sign-loop MODULE TOKEN_LABEL KEY_LABEL [CALLS] < user.pin      (bench/load/run.sh builds and runs it)
 *
 * Logs in, finds the HMAC secret key KEY_LABEL, copies it into a session object (CKA_TOKEN false) as Sidecar does
 * with Hsm:SessionKeyCopies, then signs the same 144-byte Binance prehash CALLS times (CKM_SHA256_HMAC). Each call
 * is timed twice: wall time (CLOCK_MONOTONIC, hit by other processes on a busy machine) and the thread's own CPU time
 * (CLOCK_THREAD_CPUTIME_ID, which a busy machine inflates much less), for C_SignInit and C_Sign separately.
 * Prints tab-separated lines: what, calls, wall p50 µs, wall mean µs, CPU mean µs. The PIN comes on standard input.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <p11-kit/pkcs11.h>

static CK_FUNCTION_LIST_PTR p11;

static void check(CK_RV rv, const char *what)
{
    if (rv != CKR_OK) {
        fprintf(stderr, "sign-loop: %s failed: 0x%lx\n", what, (unsigned long)rv);
        exit(1);
    }
}

static double now(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *what, double *wall, double cpu, long calls)
{
    double sum = 0;
    for (long i = 0; i < calls; i++) sum += wall[i];
    qsort(wall, calls, sizeof *wall, compare);
    printf("%s\t%ld\t%.2f\t%.2f\t%.2f\n", what, calls, wall[calls / 2], sum / calls, cpu / calls);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: sign-loop MODULE TOKEN_LABEL KEY_LABEL [CALLS] < user.pin\n");
        return 2;
    }
    long calls = argc > 4 ? atol(argv[4]) : 20000;
    char pin[256];
    if (!fgets(pin, sizeof pin, stdin)) {
        fprintf(stderr, "sign-loop: no PIN on standard input\n");
        return 2;
    }
    pin[strcspn(pin, "\r\n")] = 0;

    void *module = dlopen(argv[1], RTLD_NOW);
    if (!module) {
        fprintf(stderr, "sign-loop: %s\n", dlerror());
        return 1;
    }
    CK_C_GetFunctionList get = (CK_C_GetFunctionList)dlsym(module, "C_GetFunctionList");
    check(get(&p11), "C_GetFunctionList");
    check(p11->C_Initialize(NULL), "C_Initialize");

    CK_SLOT_ID slots[64];
    CK_ULONG count = 64;
    check(p11->C_GetSlotList(CK_TRUE, slots, &count), "C_GetSlotList");
    CK_SLOT_ID slot = (CK_SLOT_ID)-1;
    for (CK_ULONG i = 0; i < count; i++) {
        CK_TOKEN_INFO info;
        check(p11->C_GetTokenInfo(slots[i], &info), "C_GetTokenInfo");
        size_t n = strlen(argv[2]);
        if (n <= sizeof info.label && memcmp(info.label, argv[2], n) == 0 && (n == sizeof info.label || info.label[n] == ' ')) slot = slots[i];
    }
    if (slot == (CK_SLOT_ID)-1) {
        fprintf(stderr, "sign-loop: no token labelled %s\n", argv[2]);
        return 1;
    }

    CK_SESSION_HANDLE session;
    check(p11->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &session), "C_OpenSession");
    check(p11->C_Login(session, CKU_USER, (CK_UTF8CHAR_PTR)pin, strlen(pin)), "C_Login");
    memset(pin, 0, sizeof pin);

    CK_OBJECT_CLASS secret = CKO_SECRET_KEY;
    CK_ATTRIBUTE find[] = {
        { CKA_CLASS, &secret, sizeof secret },
        { CKA_LABEL, argv[3], strlen(argv[3]) },
    };
    CK_OBJECT_HANDLE key, copy;
    CK_ULONG found = 0;
    check(p11->C_FindObjectsInit(session, find, 2), "C_FindObjectsInit");
    check(p11->C_FindObjects(session, &key, 1, &found), "C_FindObjects");
    check(p11->C_FindObjectsFinal(session), "C_FindObjectsFinal");
    if (found != 1) {
        fprintf(stderr, "sign-loop: no secret key labelled %s\n", argv[3]);
        return 1;
    }
    CK_BBOOL no = CK_FALSE;
    CK_ATTRIBUTE session_object[] = { { CKA_TOKEN, &no, sizeof no } };
    check(p11->C_CopyObject(session, key, session_object, 1, &copy), "C_CopyObject");

    static const char prehash[] = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=65000.5"
                                  "&newClientOrderId=x-abc123&recvWindow=5000&timestamp=1700000000000";
    CK_MECHANISM mechanism = { CKM_SHA256_HMAC, NULL, 0 };
    CK_BYTE signature[64];
    double *init_wall = malloc(calls * sizeof(double)), *sign_wall = malloc(calls * sizeof(double)), *both_wall = malloc(calls * sizeof(double));
    double init_cpu = 0, sign_cpu = 0;

    for (long i = 0; i < calls / 10; i++) { /* warm-up */
        CK_ULONG length = sizeof signature;
        check(p11->C_SignInit(session, &mechanism, copy), "C_SignInit");
        check(p11->C_Sign(session, (CK_BYTE_PTR)prehash, sizeof prehash - 1, signature, &length), "C_Sign");
    }
    for (long i = 0; i < calls; i++) {
        CK_ULONG length = sizeof signature;
        double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_THREAD_CPUTIME_ID);
        check(p11->C_SignInit(session, &mechanism, copy), "C_SignInit");
        double w1 = now(CLOCK_MONOTONIC), c1 = now(CLOCK_THREAD_CPUTIME_ID);
        check(p11->C_Sign(session, (CK_BYTE_PTR)prehash, sizeof prehash - 1, signature, &length), "C_Sign");
        double w2 = now(CLOCK_MONOTONIC), c2 = now(CLOCK_THREAD_CPUTIME_ID);
        init_wall[i] = w1 - w0;
        sign_wall[i] = w2 - w1;
        both_wall[i] = w2 - w0;
        init_cpu += c1 - c0;
        sign_cpu += c2 - c1;
    }

    printf("what\tcalls\twall_p50_us\twall_mean_us\tcpu_mean_us\n");
    report("C_SignInit", init_wall, init_cpu, calls);
    report("C_Sign", sign_wall, sign_cpu, calls);
    report("C_SignInit + C_Sign", both_wall, init_cpu + sign_cpu, calls);

    p11->C_DestroyObject(session, copy);
    p11->C_Logout(session);
    p11->C_CloseSession(session);
    p11->C_Finalize(NULL);
    return 0;
}
