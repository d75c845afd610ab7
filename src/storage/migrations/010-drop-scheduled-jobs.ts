// The recurring-job tables never held a job in production: the periodic tasks claim their own occurrences (poll
// rounds, survey slots), so the job table, its runs and the scheduler's look-back mark go.
export default `
DROP TABLE job_runs;
DROP TABLE scheduled_jobs;
DROP TABLE scheduler_state;
`;
