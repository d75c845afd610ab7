/** Buttons and forms of the session leaders' part; values carry the session id (and a report part as `id:part`). */
export const LeaderActionIds = {
  sessions: "leader.sessions",
  roster: "leader.roster",
  rosterCsv: "leader.roster.csv",
  message: "leader.message",
  messageSend: "leader.message.send",
  attendance: "leader.attendance",
  attendanceSave: "leader.attendance.save",
  report: "leader.report",
  reportPart: "leader.report.part",
  reportSave: "leader.report.save",
  reportSubmit: "leader.report.submit",
  reportStatus: "reports.status",
} as const;

export const LeaderInputIds = {
  message: "message",
  urgent: "urgent",
  /** Attendance may be split over several inputs (`attended`, `attended_2`…) to stay within platform option limits. */
  attended: "attended",
  participants: "participants",
} as const;
