import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, type InvokeResponse, type TurnContext } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import restify from 'restify';

/**
 * The framework's floor: a bare botbuilder bot with the same inbound JWT validation, answering
 * the card invoke at once. The benchmark sends it the same load as the app.
 */
class EchoBot extends ActivityHandler {
  protected override async onInvokeActivity(_context: TurnContext): Promise<InvokeResponse> {
    return {
      status: 200,
      body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { type: 'AdaptiveCard', version: '1.5', body: [] } },
    };
  }
}

const adapter = new CloudAdapter(
  new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: process.env.BOT_ID ?? '',
    MicrosoftAppPassword: process.env.BOT_PASSWORD ?? '',
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: process.env.BOT_TENANT_ID ?? '',
    ToBotFromChannelOpenIdMetadataUrl: process.env.BOT_OPENID_METADATA_URL,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    ToChannelFromBotLoginUrl: `${AuthenticationConstants.ToChannelFromBotLoginUrlPrefix}${process.env.BOT_TENANT_ID ?? ''}`,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ValidateAuthority: true,
  }),
);
const bot = new EchoBot();
const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => adapter.process(req, res, (context) => bot.run(context)));
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () =>
  console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })),
);
