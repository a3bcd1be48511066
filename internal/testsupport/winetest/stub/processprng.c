/*
 * A stand-in bcryptprimitives.dll for Wine 8, which lacks ProcessPrng: the
 * Go (>= 1.22) runtime calls it at start-up. Built by the Wine test
 * harness with mingw and copied into the throwaway prefix's system32.
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    return BCryptGenRandom(NULL, data, (ULONG)size, BCRYPT_USE_SYSTEM_PREFERRED_RNG) == 0;
}
