import { addMonths, compareBusinessDates, type BusinessDate } from '../calendar/business-date.ts';
import type { CertificateLevel } from './certificate-level.ts';
import type { ProcedureRule, QuotaRule, SkillUpgradeRule, TrainingSubsidyRule } from './rules.ts';

export interface AttendanceHours {
  /** The catalogued project's standard hours. */
  readonly standardHours: number;
  /** Hours this trainee attended (checked-in). */
  readonly attendedHours: number;
}

/**
 * Training subsidy for one trainee who earned a certificate of `level`, in fen: the
 * level's rate when the standard hours were attended; otherwise the hours-short rule,
 * `feePerDayFen` per full day of `hoursPerDay` hours attended, capped at `capPercent` %
 * of the rate (rounded down: never above the cap).
 */
export function trainingSubsidyAmountFen(rule: TrainingSubsidyRule, level: CertificateLevel, hours: AttendanceHours): number {
  const rateFen = rule.ratesFen[level];
  if (hours.attendedHours >= hours.standardHours) return rateFen;
  const { feePerDayFen, hoursPerDay, capPercent } = rule.hoursShort;
  const days = Math.floor(Math.max(0, hours.attendedHours) / hoursPerDay);
  const capFen = Math.floor((rateFen * capPercent) / 100);
  return Math.min(days * feePerDayFen, capFen);
}

/** Skill-upgrade subsidy for `level`, in fen; undefined when the level is not covered. */
export function skillUpgradeAmountFen(rule: SkillUpgradeRule, level: CertificateLevel): number | undefined {
  return rule.ratesFen[level];
}

/** Whether `insuredMonths` of contributions meet the rule. */
export function insuredLongEnough(rule: SkillUpgradeRule, insuredMonths: number): boolean {
  return insuredMonths >= rule.insuredMonthsMin;
}

/**
 * How many skill-upgrade subsidies one person may receive in a year, for an occupation
 * on (or off) the shortage list. With no separate limit, the overall yearly quota.
 */
export function skillUpgradeLimitPerYear(rule: QuotaRule, shortageOccupation: boolean): number {
  const s = rule.skillUpgradePerYear;
  if (s === null) return rule.subsidiesPerPersonPerYear;
  return Math.min(rule.subsidiesPerPersonPerYear, s.base + (shortageOccupation ? s.shortageOccupationBonus : 0));
}

/**
 * The last day on which an application for a certificate issued on `certificateDate`
 * may be made. The issue day is not counted and a period in months ends on the
 * corresponding day of its last month, or that month's last day (民法典 arts. 201–202):
 * issued 2025-03-15 → last day 2026-03-15; issued 2024-02-29 → 2025-02-28.
 */
export function applicationWindowLastDay(rule: ProcedureRule, certificateDate: BusinessDate): BusinessDate {
  return addMonths(certificateDate, rule.applicationWindowMonths);
}

/** Whether an application on `applicationDate` is within the window (and not before issue). */
export function withinApplicationWindow(rule: ProcedureRule, certificateDate: BusinessDate, applicationDate: BusinessDate): boolean {
  return (
    compareBusinessDates(applicationDate, certificateDate) >= 0 &&
    compareBusinessDates(applicationDate, applicationWindowLastDay(rule, certificateDate)) <= 0
  );
}
