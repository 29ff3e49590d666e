// The report form's words in the reader's language, from the catalog (messages/report): the labels of kinds,
// categories and honours, and every sentence parseReport says about a field. Used by the page, the plain form's
// answers and the island alike, so that a Mongolian reader is told what to correct in Mongolian.
import type { Kind, Category } from "../../domain/routing.ts";
import type { Honour } from "../../domain/honours.ts";
import type { ReportField, ReportMessages } from "../../domain/report.ts";
import { m } from "../../paraglide/messages.js";
import type { Locale } from "../../paraglide/runtime.js";

export function kindLabel(kind: Kind, locale: Locale): string {
  const o = { locale };
  return { objection: m.report_kind_objection({}, o), lead: m.report_kind_lead({}, o), complaint: m.report_kind_complaint({}, o), suggestion: m.report_kind_suggestion({}, o) }[kind];
}

export function kindHint(kind: Kind, locale: Locale): string {
  const o = { locale };
  return { objection: m.report_hint_objection({}, o), lead: m.report_hint_lead({}, o), complaint: m.report_hint_complaint({}, o), suggestion: m.report_hint_suggestion({}, o) }[kind];
}

export function categoryLabel(category: Category, locale: Locale): string {
  const o = { locale };
  return {
    sanitation: m.report_category_sanitation({}, o),
    vectors: m.report_category_vectors({}, o),
    food: m.report_category_food({}, o),
    water: m.report_category_water({}, o),
    premises: m.report_category_premises({}, o),
    education: m.report_category_education({}, o),
    fraud: m.report_category_fraud({}, o),
    other: m.report_category_other({}, o),
  }[category];
}

export function honourLabel(honour: Honour, locale: Locale): string {
  const o = { locale };
  return {
    health_city: m.report_honour_health_city({}, o),
    health_county: m.report_honour_health_county({}, o),
    health_township: m.report_honour_health_township({}, o),
    sanitary_city: m.report_honour_sanitary_city({}, o),
    sanitary_county: m.report_honour_sanitary_county({}, o),
    sanitary_township: m.report_honour_sanitary_township({}, o),
  }[honour];
}

/** A field's name as the form shows it, for "<field> is not in the right format". */
export function fieldName(field: ReportField | "form" | "evidence", locale: Locale): string {
  const o = { locale };
  const names: Record<ReportField | "form" | "evidence", string> = {
    kind: m.report_step_kind({}, o),
    publicityEntryId: m.report_entry({}, o),
    regionCode: m.report_region({}, o),
    category: m.report_category({}, o),
    leadUrl: m.report_row_link({}, o),
    description: m.report_step_content({}, o),
    occurredOn: m.report_row_occurred({}, o),
    locationText: m.report_row_location({}, o),
    name: m.report_name({}, o),
    phone: m.report_phone({}, o),
    email: m.report_email({}, o),
    consentContact: m.report_row_consent_contact({}, o),
    consentPublish: m.report_field_consent_publish({}, o),
    form: m.report_field_form({}, o),
    evidence: m.report_step_evidence({}, o),
  };
  return names[field] ?? field;
}

export function reportMessages(locale: Locale): ReportMessages {
  const o = { locale };
  return {
    format: (field) => m.report_error_format({ field: fieldName(field, locale) }, o),
    tooLong: (field, chinese) => {
      const said: Partial<Record<ReportField, string>> = {
        regionCode: m.report_error_region_long({}, o),
        leadUrl: m.report_error_lead_long({}, o),
        occurredOn: m.report_error_date_long({}, o),
        locationText: m.report_error_location_long({ max: 200 }, o),
        name: m.report_error_name_long({}, o),
        phone: m.report_error_phone_long({}, o),
        email: m.report_error_email_long({}, o),
      };
      return locale === "zh" ? chinese : ((field !== "form" && said[field]) || m.report_error_format({ field: fieldName(field, locale) }, o));
    },
    kind: m.report_error_kind({}, o),
    descriptionMissing: m.report_error_description_missing({}, o),
    descriptionShort: (min, count) => m.report_error_description_short({ min, count }, o),
    descriptionLong: (max, count) => m.report_error_description_long({ max, count }, o),
    entry: m.report_error_entry({}, o),
    objectionName: m.report_error_objection_name({}, o),
    objectionPhone: m.report_error_objection_phone({}, o),
    regionMissing: m.report_error_region_missing({}, o),
    regionInvalid: m.report_error_region_invalid({}, o),
    categoryInvalid: m.report_error_category_invalid({}, o),
    categoryMissing: m.report_error_category_missing({}, o),
    leadMissing: m.report_error_lead_missing({}, o),
    leadScheme: m.report_error_lead_scheme({}, o),
    dateFormat: m.report_error_date_format({}, o),
    dateFuture: m.report_error_date_future({}, o),
    phone: m.report_error_phone({}, o),
    email: m.report_error_email({}, o),
    consentContact: m.report_error_consent_contact({}, o),
  };
}
