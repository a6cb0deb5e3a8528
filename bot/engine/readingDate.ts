/**
 * The date a question's relative periods ("last year", "last quarter") are read from. Councillors ask about the
 * papers in front of them: when the newest paper in the index is older than today, "last year" is the year before
 * that paper, since no paper can report a later one. An index of this week's papers reads them from today.
 */
export function readingDate(today: Date, newestMeeting: string | null): Date {
  if (newestMeeting === null) return today;
  const newest = new Date(`${newestMeeting.slice(0, 10)}T12:00:00Z`);
  return Number.isNaN(newest.getTime()) || newest >= today ? today : newest;
}
