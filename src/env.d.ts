/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The signed-in staff member on /admin pages (set by src/middleware.ts). */
    staff?: import("./server/auth/gate.ts").SignedInStaff;
  }
}
