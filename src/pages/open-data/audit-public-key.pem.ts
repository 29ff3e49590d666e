// GET /open-data/audit-public-key.pem — the Ed25519 public key that verifies the audit checkpoints' signatures.
import type { APIRoute } from "astro";
import { publicKeyPem } from "../../server/audit-keys.ts";

export const GET: APIRoute = () => new Response(publicKeyPem(), { headers: { "content-type": "application/x-pem-file; charset=utf-8", "cache-control": "no-store" } });
