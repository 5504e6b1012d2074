/* For the tests under Wine only, never shipped: Rust's standard library takes its random
 * numbers from ProcessPrng in bcryptprimitives.dll (Windows 10 and later), which Debian's
 * Wine 8 does not have. This stand-in answers from RtlGenRandom (SystemFunction036). */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
  while (length > 0) {
    ULONG chunk = length > 0x7fffffff ? 0x7fffffff : (ULONG)length;
    if (!SystemFunction036(data, chunk)) return FALSE;
    data += chunk;
    length -= chunk;
  }
  return TRUE;
}
