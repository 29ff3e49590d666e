// A new, empty PostgreSQL database on a server, with its URL and a way to drop it (with its connections).
import { randomBytes } from "node:crypto";
import postgres from "postgres";

export interface EmptyDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function emptyPostgresDatabase(serverUrl: string, prefix: string): Promise<EmptyDatabase> {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  const admin = postgres(serverUrl, { onnotice: () => {}, max: 1 });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
