// How many of a broadcast's audience had typed `stop` when it was queued: they get no row in the outbox, and the
// delivery report says how many they were.
export default `
ALTER TABLE broadcasts ADD COLUMN opted_out INTEGER NOT NULL DEFAULT 0;
`;
