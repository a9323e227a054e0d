// The Azure Bot: Teams channel, messaging endpoint, and the OAuth connection that backs Teams SSO
// (token exchange) and the sign-in button fallback.

@maxLength(64)
@minLength(2)
param botServiceName string

@maxLength(42)
param botDisplayName string

param botServiceSku string = 'F0'
param botAadAppClientId string
param botTenantId string
param botMessagingEndpoint string
param oauthConnectionName string
param ssoClientId string

@secure()
param ssoClientSecret string

@description('The App ID URI Teams SSO tokens are issued for (webApplicationInfo.resource).')
param ssoTokenExchangeUrl string

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botServiceName
  kind: 'azurebot'
  location: 'global'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: botMessagingEndpoint
    msaAppId: botAadAppClientId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botTenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

// "Azure Active Directory v2" provider with a token exchange URL: what Teams SSO needs.
resource ssoConnection 'Microsoft.BotService/botServices/connections@2022-09-15' = {
  parent: botService
  name: oauthConnectionName
  location: 'global'
  properties: {
    serviceProviderDisplayName: 'Azure Active Directory v2'
    serviceProviderId: '30dd229c-58e3-4a48-bdfd-91ec48eb906c'
    clientId: ssoClientId
    clientSecret: ssoClientSecret
    scopes: 'openid profile offline_access User.Read OnlineMeetings.Read Calendars.ReadBasic VirtualAppointmentNotification.Send'
    parameters: [
      { key: 'tenantID', value: botTenantId }
      { key: 'tokenExchangeUrl', value: ssoTokenExchangeUrl }
    ]
  }
}
