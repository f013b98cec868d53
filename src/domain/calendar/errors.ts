/**
 * Typed errors of the calendar. They are operating errors (bad input, a date the loaded
 * calendar does not cover), each with a stable `code`; dates are not personal data, so
 * messages name them.
 */
export class CalendarError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

export class InvalidBusinessDateError extends CalendarError {
  readonly value: string;
  constructor(value: string) {
    super('calendar.invalid_date', `not a calendar date written YYYY-MM-DD: ${JSON.stringify(value)}`);
    this.value = value;
  }
}

export class InvalidInstantError extends CalendarError {
  readonly value: string;
  constructor(value: string) {
    super('calendar.invalid_instant', `not an ISO 8601 date-time with an offset: ${JSON.stringify(value)}`);
    this.value = value;
  }
}

/** A date outside the years whose holiday notice is loaded: we refuse to guess. */
export class CalendarRangeError extends CalendarError {
  readonly date: string;
  readonly loadedYears: readonly number[];
  constructor(date: string, loadedYears: readonly number[]) {
    super(
      'calendar.date_out_of_range',
      `no holiday calendar loaded for ${date} (loaded years: ${loadedYears.length ? loadedYears.join(', ') : 'none'})`,
    );
    this.date = date;
    this.loadedYears = loadedYears;
  }
}

export class InvalidWorkingDayCountError extends CalendarError {
  readonly count: number;
  constructor(count: number) {
    super('calendar.invalid_count', `working-day count must be a non-negative integer, got ${count}`);
    this.count = count;
  }
}
