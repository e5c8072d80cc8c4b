// Redocly CLI plugin for spec/avara.openapi.yaml (loaded by redocly.yaml).
//
// Redocly reads a root `x-webhooks` in an OpenAPI 3.0 document as the 3.1 `webhooks` map
// (names to Path Items). Ours is not that: it is the project's own extension describing how
// Avara signs webhook deliveries (see the header of avara.openapi.yaml). This plugin tells
// the linter its real shape, and that of `x-webhook-events`, whose schema references make the
// webhook event and receiver-response components count as used.
module.exports = function avaraPlugin() {
  return {
    id: 'avara',
    typeExtension: {
      oas3(types) {
        return {
          ...types,
          AvaraWebhooks: {
            properties: {
              signature: { type: 'string', enum: ['standard-webhooks'] },
              event: { type: 'string' },
              'x-sdk-env': { type: 'string' },
            },
            required: ['signature', 'event', 'x-sdk-env'],
          },
          AvaraWebhookEvents: {
            properties: { union: 'Schema', events: 'AvaraWebhookEventMap' },
            required: ['union', 'events'],
          },
          AvaraWebhookEventMap: { properties: {}, additionalProperties: 'AvaraWebhookEventPair' },
          AvaraWebhookEventPair: {
            properties: { event: 'Schema', response: 'Schema' },
            required: ['event', 'response'],
          },
          Root: {
            ...types.Root,
            properties: {
              ...types.Root.properties,
              'x-webhooks': 'AvaraWebhooks',
              'x-webhook-events': 'AvaraWebhookEvents',
            },
          },
        };
      },
    },
  };
};
