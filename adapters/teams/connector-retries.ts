import { ConfigurationBotFrameworkAuthentication } from "botbuilder";

// Every connector call is one request: botbuilder's ConnectorClient would retry a 429 (waiting its Retry-After)
// and a 5xx or network error (exponential backoff) up to 3 times by itself, outside the dispatcher's pacer, so
// the tenant's lane never heard of the 429 and kept sending into the pause. Here the outbox decides instead: a
// 429 reaches it as `rate_limited` after the one request, and a transient failure is retried by the outbox (or,
// for a reply in the turn, by turn-replies.ts).
//
// botbuilder offers no setting for it: ConnectorFactoryImpl overwrites `requestPolicyFactories`, and
// botbuilder-stdlib's ServiceClientContext passes neither `retryOptions` nor a pipeline on to @azure/core-client's
// ServiceClient, whose pipeline (@azure/core-rest-pipeline createPipelineFromOptions) always has the
// defaultRetryPolicy (throttling + exponential strategies, maxRetries 3) in its "Retry" phase. So each
// ConnectorClient's pipeline loses that phase as it is made, for proactive calls (createConnectorFactory:
// continueConversationAsync, createConversationAsync) and for replies in a turn (authenticateRequest's factory).
// tests/teams/no-hidden-retries.test.ts counts the requests; it fails if an upgrade brings the retries back.

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication["createConnectorFactory"]>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory["create"]>>;

/** The part of @azure/core-rest-pipeline's Pipeline this needs. */
interface PipelineLike {
  removePolicy(options: { name?: string; phase?: "Retry" }): unknown[];
}

/** ServiceClientContext keeps its core-client ServiceClient in a private field `client`. */
function pipelineOf(connector: ConnectorClient): PipelineLike | undefined {
  const inner: unknown = Reflect.get(connector, "client");
  const pipeline: unknown = inner && typeof inner === "object" ? Reflect.get(inner, "pipeline") : undefined;
  return pipeline && typeof (pipeline as PipelineLike).removePolicy === "function"
    ? (pipeline as PipelineLike)
    : undefined;
}

/** Removes the client's own retries; throws when botbuilder's shape changed (better than retrying in secret). */
function withoutRetries(connector: ConnectorClient): ConnectorClient {
  const pipeline = pipelineOf(connector);
  if (!pipeline) throw new Error("botbuilder's ConnectorClient has no pipeline to remove its retries from");
  pipeline.removePolicy({ phase: "Retry" });
  return connector;
}

function singleAttempt(factory: ConnectorFactory): ConnectorFactory {
  return { create: async (serviceUrl, audience) => withoutRetries(await factory.create(serviceUrl, audience)) };
}

/** botbuilder's configuration-driven authentication, whose connector clients make one request per call. */
export class SingleAttemptAuthentication extends ConfigurationBotFrameworkAuthentication {
  override createConnectorFactory(
    claimsIdentity: Parameters<ConfigurationBotFrameworkAuthentication["createConnectorFactory"]>[0],
  ): ConnectorFactory {
    return singleAttempt(super.createConnectorFactory(claimsIdentity));
  }

  override async authenticateRequest(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication["authenticateRequest"]>
  ): ReturnType<ConfigurationBotFrameworkAuthentication["authenticateRequest"]> {
    const result = await super.authenticateRequest(...args);
    return result.connectorFactory ? { ...result, connectorFactory: singleAttempt(result.connectorFactory) } : result;
  }
}
