// Row ids are PostgreSQL `integer` (int4) columns: a number past INT4_MAX in a query would make the database refuse
// the whole statement (a 500), so parsers of ids from URLs and forms bound them here and treat anything larger as
// naming nothing.
export const INT4_MAX = 2_147_483_647;

/** Whether n can be the id of a row (a positive int4). */
export const isRowId = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= INT4_MAX;
