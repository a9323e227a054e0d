// Azure resources for one Appointment SMS environment (teamsapp provision --env dev):
// an App Service running the app, Azure Blob Storage for the send ledger and bot state, the
// Azure Bot (Teams channel + the SSO OAuth connection) pointing at the App Service, and
// Application Insights with an alert on Graph refusing or throttling texts.

@maxLength(20)
@minLength(4)
@description('Prefix for every resource name in this environment.')
param resourceBaseName string

@description('App Service plan SKU. B1 is the smallest with Always On, which a bot needs.')
param webAppSku string = 'B1'

@description('Azure region for the App Service and storage (the Azure Bot itself is global).')
param location string = resourceGroup().location

@maxLength(42)
param botDisplayName string

@description('Client id of the bot\'s Entra app (botAadApp/create).')
param botAadAppClientId string

@secure()
param botAadAppClientSecret string

@description('Client id of the Entra app Teams SSO issues tokens for (aadApp/create).')
param aadAppClientId string

@secure()
param aadAppClientSecret string

param aadAppTenantId string

param aadAppOauthAuthorityHost string = 'https://login.microsoftonline.com'

@description('Name of the Azure Bot OAuth connection: the sign-in fallback for clients without SSO.')
param oauthConnectionName string = 'AppointmentSmsSso'

@description('Keys the audit log\'s number hashes; at least 16 characters. Empty: derived from the app secret.')
@secure()
param auditHashKey string = ''

@description('Graph 403s (a missing Teams Premium licence or permission) and 429s (throttled) in 15 minutes that raise the alert.')
param graphFailureAlertThreshold int = 10

@description('Who is emailed when the alert fires; empty: the alert shows in the portal only.')
param alertEmail string = ''

// App Service, bot and storage names are global: a hash of the resource group keeps them unique.
var uniqueName = '${resourceBaseName}-${uniqueString(resourceGroup().id)}'
var webAppName = uniqueName
var storageAccountName = take(toLower(replace(uniqueName, '-', '')), 24)
var ledgerContainerName = 'appointment-sms'
// Must equal webApplicationInfo.resource in the Teams manifest: api://{BOT_DOMAIN}/botid-{BOT_ID}.
var appIdUri = 'api://${webAppName}.azurewebsites.net/botid-${botAadAppClientId}'

resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-01-01' = {
  parent: storage
  name: 'default'
}

resource ledgerContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-01-01' = {
  parent: blobService
  name: ledgerContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource serverfarm 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: resourceBaseName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: resourceBaseName
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

// The app exports its own spans and metrics here through the Azure Monitor OpenTelemetry distro
// (README "Telemetry"): requests, calls to Graph, Entra and Teams, and appointment_sms.* metrics.
resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: resourceBaseName
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource alertRecipients 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: '${resourceBaseName}-admins'
  location: 'global'
  properties: {
    groupShortName: take(resourceBaseName, 12)
    enabled: true
    emailReceivers: [
      { name: 'admin', emailAddress: alertEmail, useCommonAlertSchema: true }
    ]
  }
}

// The README's sample alert: Graph refusing (403) or throttling (429) texts, summed over 15 minutes.
resource graphFailuresAlert 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${resourceBaseName}-graph-refusing-texts'
  location: location
  properties: {
    displayName: 'Appointment SMS: Graph refusing or throttling texts'
    description: 'forbidden: a Teams Premium licence or the app\'s permission is missing; throttled: too many texts at once.'
    severity: 2
    enabled: true
    scopes: [appInsights.id]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "appointment_sms.graph.failures" | extend reason = tostring(customDimensions["graph.failure.reason"]) | where reason in ("forbidden", "throttled") | summarize failures = sum(valueSum) by reason'
          metricMeasureColumn: 'failures'
          dimensions: [
            { name: 'reason', operator: 'Include', values: ['*'] }
          ]
          operator: 'GreaterThan'
          threshold: graphFailureAlertThreshold
          timeAggregation: 'Total'
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: empty(alertEmail) ? [] : [alertRecipients.id]
    }
  }
}

// What src/config.ts reads, in Teams Toolkit's names.
var appSettings = [
  // The deploy artifact holds no node_modules: App Service installs the production dependencies on
  // its own Linux (native modules such as better-sqlite3 built there, not on the deploying machine).
  { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'true' }
  { name: 'WEBSITE_NODE_DEFAULT_VERSION', value: '~20' }
  { name: 'BOT_ID', value: botAadAppClientId }
  { name: 'BOT_PASSWORD', value: botAadAppClientSecret }
  { name: 'BOT_TYPE', value: 'SingleTenant' }
  { name: 'BOT_TENANT_ID', value: aadAppTenantId }
  { name: 'AAD_APP_CLIENT_ID', value: aadAppClientId }
  { name: 'AAD_APP_CLIENT_SECRET', value: aadAppClientSecret }
  { name: 'AAD_APP_TENANT_ID', value: aadAppTenantId }
  { name: 'AAD_APP_OAUTH_AUTHORITY_HOST', value: aadAppOauthAuthorityHost }
  { name: 'AAD_APP_ID_URI', value: appIdUri }
  { name: 'OAUTH_CONNECTION_NAME', value: oauthConnectionName }
  { name: 'STORAGE', value: 'blob' }
  { name: 'AZURE_STORAGE_CONTAINER', value: ledgerContainerName }
  { name: 'LOG_LEVEL', value: 'info' }
]

resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      // Node.js 24 LTS (the engines in package.json; .ci/run runs the whole suite on it).
      linuxFxVersion: 'NODE|24-lts'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      healthCheckPath: '/readyz'
      // The deploy artifact is already compiled (npm run deploy-artifact): App Service installs its
      // production dependencies and starts the app.
      // npm start's command (package.json).
      appCommandLine: 'node --max-old-space-size=512 --max-semi-space-size=8 dist/src/index.js'
      appSettings: concat(appSettings, [
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
        { name: 'AZURE_STORAGE_CONNECTION_STRING', value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}' }
      ], empty(auditHashKey) ? [] : [
        { name: 'AUDIT_HASH_KEY', value: auditHashKey }
      ])
    }
  }
}

module azureBot './botRegistration/azurebot.bicep' = {
  name: 'Azure-Bot-registration'
  params: {
    botServiceName: uniqueName
    botDisplayName: botDisplayName
    botAadAppClientId: botAadAppClientId
    botTenantId: aadAppTenantId
    botMessagingEndpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    oauthConnectionName: oauthConnectionName
    ssoClientId: aadAppClientId
    ssoClientSecret: aadAppClientSecret
    ssoTokenExchangeUrl: appIdUri
  }
}

// Names the Toolkit writes to env/.env.{env} after provision.
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output AZURE_STORAGE_ACCOUNT_NAME string = storage.name
