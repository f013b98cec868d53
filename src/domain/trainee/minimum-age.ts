import { parseBusinessDate, type BusinessDate } from '../calendar/business-date.ts';

/**
 * No one under 16 may be employed (劳动法 art. 15), so no one under 16 is registered for
 * subsidised vocational training. Events keep only the birth year (data minimisation),
 * so the rule refuses only a person CERTAINLY under 16 on the date: one whose birth year
 * is less than 16 years before it. A person turning 16 later in that year is let through;
 * the app layer, which holds the full birth date while registering, may check exactly.
 */
export const MINIMUM_AGE_YEARS = 16;

export function certainlyUnderMinimumAge(birthYear: number, on: BusinessDate): boolean {
  return parseBusinessDate(on).year - birthYear < MINIMUM_AGE_YEARS;
}
