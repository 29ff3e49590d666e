// The browser half of the proof of work: fetch a challenge and solve it with WebCrypto, when the person submits (a
// solved proof is good for one attempt and expires after 20 minutes, so it is never solved long before it is used).
import { solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/web/pbkdf2";

/** The payload for the `altcha` field, or null when it cannot be had (the server then applies its stricter limit). */
export async function solveProof(): Promise<string | null> {
  try {
    const res = await fetch("/api/report-challenge", { cache: "no-store" });
    if (!res.ok) return null;
    const challenge = await res.json();
    const solution = await solveChallenge({ challenge, deriveKey });
    return solution ? btoa(JSON.stringify({ challenge, solution })) : null;
  } catch {
    return null;
  }
}
