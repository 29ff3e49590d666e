// The audit log's two keys, kept outside the database (issue 15): the HMAC key that chains the rows, and the Ed25519
// key that signs the daily checkpoints. Someone who can write the database but not read these cannot recompute the
// chain nor forge a checkpoint. From configuration (AUDIT_HMAC_KEY, AUDIT_SIGNING_KEY) or, on a fresh install,
// generated once into DATA_DIR/keys/ — back that folder up: without the HMAC key the chain cannot be verified.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { config } from "./config.ts";

export interface AuditKeys {
  hmacKey: Buffer;
  signingKey: KeyObject;
  publicKey: KeyObject;
}

export interface AuditKeySource {
  hmacKey?: string | undefined;
  signingKey?: string | undefined;
  dataDir: string;
}

/**
 * Writes `content` to `path` unless it exists, atomically: two processes starting together on one data folder
 * end up with the same key (the second's link fails and it reads the first's).
 */
function createOnce(path: string, content: () => string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(tmp, content(), { mode: 0o600 });
  try {
    linkSync(tmp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  } finally {
    unlinkSync(tmp);
  }
  return readFileSync(path, "utf8");
}

export function parseSigningKey(text: string): KeyObject {
  const trimmed = text.trim().replace(/\\n/g, "\n");
  const key = trimmed.startsWith("-----BEGIN") ? createPrivateKey(trimmed) : createPrivateKey({ key: Buffer.from(trimmed, "base64"), format: "der", type: "pkcs8" });
  if (key.asymmetricKeyType !== "ed25519") throw new Error("AUDIT_SIGNING_KEY 须为 Ed25519 私钥");
  return key;
}

export function loadAuditKeys(source: AuditKeySource): AuditKeys {
  const dir = join(source.dataDir, "keys");
  if (!source.hmacKey || !source.signingKey) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const hmacText = source.hmacKey ?? createOnce(join(dir, "audit-hmac.key"), () => `${randomBytes(32).toString("base64")}\n`).trim();
  const signingText = source.signingKey ?? createOnce(join(dir, "audit-signing-key.pem"), () => generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString());
  const signingKey = parseSigningKey(signingText);
  return { hmacKey: Buffer.from(hmacText, "utf8"), signingKey, publicKey: createPublicKey(signingKey) };
}

let current: AuditKeys | null = null;

/** The keys of this process: configuration's, else the data folder's (created on first use). */
export function auditKeys(): AuditKeys {
  if (!current) {
    const cfg = config();
    current = loadAuditKeys({ hmacKey: cfg.AUDIT_HMAC_KEY, signingKey: cfg.AUDIT_SIGNING_KEY, dataDir: cfg.dataDir });
  }
  return current;
}

/** Tests and scripts that open another deployment's data choose its keys; null goes back to configuration. */
export function useAuditKeys(keys: AuditKeys | null): void {
  current = keys;
}

/** The public key as published on /open-data (SPKI PEM). */
export function publicKeyPem(keys: AuditKeys = auditKeys()): string {
  return keys.publicKey.export({ format: "pem", type: "spki" }).toString();
}
