// Shared fixture builder for the time-based rule tests: a calendar from (id, category, at, expires) rows.
export interface Row {
  id: string;
  category?: string;
  at?: string;
  expires?: string;
}

/** A calendar file; each post takes 4 lines plus one per optional field. */
export function calendarOf(rows: Row[]): string {
  return rows
    .map((r) =>
      [
        `- id: ${r.id}`,
        `  category: ${r.category ?? 'news'}`,
        `  text: Post ${r.id}`,
        r.at ? `  at: ${r.at}` : '',
        r.expires ? `  expires: ${r.expires}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    )
    .join('\n');
}
