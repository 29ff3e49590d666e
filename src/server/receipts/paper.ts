// The paper receipt 纸质回执 of a case recorded from an offline channel: what the web's receipt says (tracking
// number, access code, acceptance deadline, how to track and recover), laid out for the office to print and hand over
// or post. The access code exists in clear only in this one answer, as on the web.
import { renderSVG } from "uqr";
import { CHANNEL_LABELS, type OfflineChannel } from "../../domain/channels.ts";
import { KIND_LABELS } from "../../domain/routing.ts";
import { formatDateCn, formatShanghai } from "../../domain/time.ts";
import { config } from "../config.ts";
import type { Receipt } from "../intake/submit.ts";
import { groupCode } from "./messages.ts";

export interface PaperReceipt {
  officeName: string;
  officePhone: string | null;
  channelLabel: string;
  kindLabel: string;
  trackingNumber: string;
  /** Grouped ABCD-EFGH-JK, as every other receipt shows it. */
  accessCode: string;
  receivedAt: string;
  deadline: string;
  provisional: boolean;
  evidenceCount: number;
  replayed: boolean;
  trackUrl: string;
  /** QR code of trackUrl: the tracking number only, never the code. */
  qrSvg: string;
  /** Whether recovery by phone or e-mail is possible (a contact was given). */
  recoverable: boolean;
}

export function paperReceipt(r: Receipt, channel: OfflineChannel, opts: { replayed: boolean; recoverable: boolean }): PaperReceipt {
  const cfg = config();
  const trackUrl = `${new URL("/track", cfg.SITE_URL).href}?number=${encodeURIComponent(r.trackingNumber)}`;
  return {
    officeName: cfg.OFFICE_NAME,
    officePhone: cfg.OFFICE_PHONE,
    channelLabel: CHANNEL_LABELS[channel],
    kindLabel: KIND_LABELS[r.kind],
    trackingNumber: r.trackingNumber,
    accessCode: groupCode(r.accessCode),
    receivedAt: formatShanghai(r.receivedAt),
    deadline: formatDateCn(r.deadline.dueDate),
    provisional: r.deadline.provisional,
    evidenceCount: r.evidenceCount,
    replayed: opts.replayed,
    trackUrl,
    qrSvg: renderSVG(trackUrl, { border: 1 }),
    recoverable: opts.recoverable,
  };
}
