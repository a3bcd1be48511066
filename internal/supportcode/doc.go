// Package supportcode turns a checklist run into a short code a user can
// read to the helpdesk over the phone, and back.
//
// # What a code holds
//
// A code holds the run's verdict, the outcome of every check of the catalog
// (and so its status: the catalog gives each outcome one status), the OS
// family, the set of installed browsers, the renewal state and a check
// character. It holds no facts: no names, dates, addresses or hosts. A code
// can therefore be read out and written down anywhere; decoding it gives the
// same checklist the user saw, rendered from the outcomes alone.
//
// # Alphabet
//
// 29 characters: the digits 2–9 and the letters A–Z without I, L, O (they
// look like 1 and 0, which are also left out), Q (read キュー, it is the
// Japanese reading of 9, きゅう, and rhymes with U in English) and N (エヌ
// and エム, "en" and "em", are the pair most often misheard in both
// languages). The other letters that rhyme when spelled (B/D/P/T, F/S) stay:
// dropping them as well would make the code longer than 12 characters, and
// the check character catches any one of them misheard. 29 is prime, which
// the check character relies on. Input is forgiving: lower case, full-width
// characters typed with a Japanese IME, and hyphens, spaces or 「ー」 between
// the groups are accepted.
//
// # Layout
//
// The characters, after the last, are the digits of one number in base 29,
// most significant first; the last character is the check character. The
// number is a mixed-radix value whose least significant "digit" is the
// format version (radix 8; 0 is never used), then the verdict, the OS family,
// the browser set (4 bits), the renewal state and then each check of the
// version's layout in turn, its digit the position of its outcome in the
// catalog's declared outcome list. A version fixes two lengths: the complete
// form (every check of its layout present: 12 characters for version 1,
// grouped XXXX-XXXX-XXXX) and the partial form, in which every check has one
// more value, "absent" (13 characters for version 1, XXXX-XXXX-XXXXX); the
// partial form is used only for a run read back from an older saved run that
// lacks a check. The length is the indicator.
//
// # Versions
//
// Each version's layout is a frozen table in this package (layout.go): the
// check ids and their outcome codes and statuses, in order. Codes of every
// version this binary knows decode forever. The catalog may add checks and
// outcomes (ids may be added, never renamed; outcomes are appended to a
// check's list): the test TestLatestLayoutIsTheCatalog then fails until a
// new version is added whose layout is the previous one with the new check
// appended (at the end of the table, whatever its display position) or the
// new outcome appended to its check's list, and with its lengths computed
// again. A newer code read by an older binary is refused as an unknown
// version (the version digit and the check character are read the same way
// in every version), never misread.
//
// Version 2 appended the renewal check (cert.renewal) to version 1's
// layout as a check of its own and dropped version 1's separate renewal
// state digit: that state was computed apart from the checklist and could
// say something else than the renewal row the user saw. A version 2 code
// decodes to that row, and its Renewal state follows from the row's
// outcome (RenewalOfOutcome); it still fits 12 characters (13 partial).
//
// # Check character
//
// With d₁…dₙ the characters' values (dₙ the check character, n ≤ 28), a code
// is valid when Σ i·dᵢ ≡ 0 (mod 29). One wrong character at position i
// changes the sum by i·(d′−d), never 0 mod 29 since 29 is prime and neither
// factor is a multiple of it; two adjacent characters swapped change it by
// (dᵢ₊₁−dᵢ)·(i−(i+1)), never 0 unless the two are equal. The exhaustive test
// TestEverySubstitutionAndSwapIsRejected tries every one on a set of codes.
package supportcode
