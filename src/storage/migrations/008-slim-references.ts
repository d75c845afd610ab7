// Stored Teams conversation references keep only what a proactive send needs (adapters/teams/conversation-refs.ts,
// slimReference): older rows held whole activity parties, display names and AAD object ids included.
// json_patch onto '{}' drops the members that are null (absent in the old row); `->` keeps booleans as JSON.
// A channel's reference names no member: its sender and user id go.
export default `
UPDATE conversation_refs SET
  reference = json_patch('{}', json_object(
    'channelId', reference ->> '$.channelId',
    'serviceUrl', reference ->> '$.serviceUrl',
    'conversation', json_object(
      'id', reference ->> '$.conversation.id',
      'conversationType', reference ->> '$.conversation.conversationType',
      'tenantId', reference ->> '$.conversation.tenantId',
      'isGroup', json(reference -> '$.conversation.isGroup')
    ),
    'bot', json_object('id', reference ->> '$.bot.id'),
    'user', CASE WHEN reference ->> '$.conversation.conversationType' = 'personal'
      THEN json_object('id', reference ->> '$.user.id') END
  )),
  user_id = CASE WHEN reference ->> '$.conversation.conversationType' = 'personal' THEN user_id END
WHERE platform = 'teams' AND json_valid(reference);
`;
