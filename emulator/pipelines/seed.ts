// The seeded Pipelines data of the fabrikam organization's "Fabrikam Fiber" project: two classic
// build definitions with several revisions each (one uses a task group and a variable group with a
// secret), a release definition with two revisions, an environment, a deployment group, a service
// connection and non-default retention settings. Other organizations start empty (restore targets).
import type { EmulatorState } from "../server/state";
import type { Json, PipelinesState, ProjectPipelines } from "./state";

const SEEDED: Record<string, string> = { fabrikam: "Fabrikam Fiber" };

function step(
  displayName: string,
  taskId: string,
  inputs: Record<string, string>,
  definitionType = "task",
): Json {
  return {
    enabled: true,
    continueOnError: false,
    alwaysRun: false,
    displayName,
    timeoutInMinutes: 0,
    condition: "succeeded()",
    task: {
      id: taskId,
      versionSpec: definitionType === "metaTask" ? "1.*" : "2.*",
      definitionType,
    },
    inputs,
  };
}

const DOTNET = "5541a522-603c-47ad-91fc-a4b1d163081b";
const PUBLISH = "2ff763a7-ce83-4e1f-bc89-0ae63477cebe";
const AZURE_WEB_APP = "497d490f-eea7-4f2b-ab94-48d9c1acdcb1";

function buildBody(
  name: string,
  queue: { id: number; name: string },
  steps: Json[],
  variables: Json,
  extra: Json = {},
): Json {
  return {
    name,
    path: "\\Fiber",
    type: "build",
    quality: "definition",
    queueStatus: "enabled",
    jobAuthorizationScope: "projectCollection",
    jobTimeoutInMinutes: 60,
    badgeEnabled: false,
    buildNumberFormat: "$(date:yyyyMMdd)$(rev:.r)",
    queue: { id: queue.id, name: queue.name },
    repository: {
      type: "TfsGit",
      name: "fiber-app",
      defaultBranch: "refs/heads/main",
      clean: "true",
      checkoutSubmodules: false,
      properties: { cleanOptions: "0", fetchDepth: "1", reportBuildStatus: "true" },
    },
    process: {
      type: 1,
      phases: [
        {
          name: "Agent job 1",
          refName: "Job_1",
          condition: "succeeded()",
          jobAuthorizationScope: "projectCollection",
          target: { type: 1, executionOptions: { type: 0 }, allowScriptsAuthAccessOption: false },
          steps,
        },
      ],
    },
    variables,
    triggers: [
      {
        branchFilters: ["+refs/heads/main", "+refs/heads/release/*"],
        pathFilters: [],
        batchChanges: false,
        maxConcurrentBuildsPerBranch: 1,
        triggerType: "continuousIntegration",
      },
    ],
    options: [
      {
        enabled: false,
        definition: { id: "5d58cc01-7c75-450c-be18-a388ddb129ec" },
        inputs: { branchFilters: '["+refs/heads/*"]', additionalFields: "{}" },
      },
    ],
    retentionRules: [],
    ...extra,
  };
}

/** Adds a record under the next collection-wide id of its kind; returns the id. */
function addWithNextId(
  pipelines: PipelinesState,
  records: Map<number, Json>,
  kind: string,
  fields: Json,
): number {
  const id = pipelines.nextId(kind);
  records.set(id, { id, ...fields });
  return id;
}

function seedProject(pipelines: PipelinesState, pp: ProjectPipelines, userId: string): void {
  const at = (day: number): string => new Date(Date.UTC(2026, 9, day, 9, 30)).toISOString();
  const [hosted, pool] = pp.queues as [
    ProjectPipelines["queues"][0],
    ProjectPipelines["queues"][0],
  ];

  const endpointId = pipelines.newGuid();
  pp.serviceEndpoints.set(endpointId, {
    id: endpointId,
    name: "fabrikam-azure-prod",
    type: "azurerm",
    url: "https://management.azure.com/",
    description: "Production subscription",
    authorization: {
      scheme: "ServicePrincipal",
      parameters: {
        tenantid: "85bdc543-be4e-4cdc-9e52-7592e5333ced",
        serviceprincipalid: "4f1d8f2e-29a0-4f7b-9d44-5f0e7e3c2b10",
        authenticationType: "spnKey",
        serviceprincipalkey: "seeded-secret-never-returned",
      },
    },
    data: {
      subscriptionId: "c0ffee00-1111-2222-3333-444455556666",
      subscriptionName: "Fabrikam Production",
      environment: "AzureCloud",
      scopeLevel: "Subscription",
    },
    isReady: true,
    isShared: false,
    owner: "Library",
  });

  const taskGroupId = pipelines.newGuid();
  pp.taskGroups.set(taskGroupId, {
    id: taskGroupId,
    name: "Build and test .NET",
    description: "Restore, build and test a .NET solution",
    category: "Build",
    iconUrl: "https://cdn.vsassets.io/v/M190_20210811.1/_content/icon-meta-task.png",
    runsOn: ["Agent", "DeploymentGroup"],
    revision: 3,
    version: { major: 1, minor: 0, patch: 0, isTest: false },
    definitionType: "metaTask",
    friendlyName: "Build and test .NET",
    instanceNameFormat: "Task group: Build and test .NET $(solution)",
    inputs: [
      {
        name: "solution",
        label: "solution",
        defaultValue: "**/*.sln",
        required: false,
        type: "string",
        helpMarkDown: "",
      },
    ],
    tasks: [
      step("dotnet restore", DOTNET, { command: "restore", projects: "$(solution)" }),
      step("dotnet build", DOTNET, {
        command: "build",
        projects: "$(solution)",
        arguments: "--configuration Release",
      }),
      step("dotnet test", DOTNET, {
        command: "test",
        projects: "**/*Tests.csproj",
        arguments: "--no-build",
      }),
    ],
    createdOn: at(1),
    modifiedOn: at(3),
  });

  const groupId = addWithNextId(pipelines, pp.variableGroups, "variable-group", {
    name: "fiber-shared",
    description: "Settings every Fiber pipeline reads",
    type: "Vsts",
    variables: {
      environmentName: { value: "production", isSecret: false },
      sqlServer: { value: "fabrikam-sql.database.windows.net", isSecret: false },
      sqlPassword: { value: "seeded-secret-never-returned", isSecret: true },
    },
    variableGroupProjectReferences: [
      { name: "fiber-shared", projectReference: { id: "", name: "Fabrikam Fiber" } },
    ],
    createdOn: at(2),
    modifiedOn: at(2),
    isShared: false,
  });

  addWithNextId(pipelines, pp.environments, "environments", {
    name: "production",
    description: "Customer-facing slot",
    createdOn: at(4),
    lastModifiedOn: at(4),
  });
  addWithNextId(pipelines, pp.deploymentGroups, "deploymentgroups", {
    name: "fiber-web-servers",
    description: "IIS servers of the Fiber site",
    machineCount: 2,
    pool: { id: 101, name: "fiber-web-servers", isHosted: false, poolType: "deployment" },
  });
  pp.retention = { artifacts: 45, pipelineRuns: 45, pullRequestRuns: 7, runsPerProtectedBranch: 5 };

  // Build definition 1: four revisions (steps added, trigger branch widened, a variable group joined).
  const ci = pipelines.nextId("build-definition");
  const base = [
    step("Use .NET 8", "b0ce7256-7898-45d3-9cb5-176b752bfea6", {
      packageType: "sdk",
      version: "8.x",
    }),
  ];
  const v1 = buildBody("fiber-ci", hosted, base, {
    configuration: { value: "Release", allowOverride: true },
  });
  pipelines.addRevision(pp.buildDefinitions, ci, v1, userId, "Created", at(5));
  const v2: Json = {
    ...v1,
    process: {
      type: 1,
      phases: [
        {
          ...(v1.process as { phases: Json[] }).phases[0],
          steps: [
            ...base,
            step(
              "Task group: Build and test .NET",
              taskGroupId,
              { solution: "src/Fiber.sln" },
              "metaTask",
            ),
          ],
        },
      ],
    },
  };
  pipelines.addRevision(
    pp.buildDefinitions,
    ci,
    v2,
    userId,
    "Build through the shared task group",
    at(6),
  );
  const v3: Json = {
    ...v2,
    variableGroups: [{ id: groupId, name: "fiber-shared" }],
    variables: {
      ...(v2.variables as Json),
      signingKey: { value: "seeded-secret-never-returned", isSecret: true },
    },
  };
  pipelines.addRevision(
    pp.buildDefinitions,
    ci,
    v3,
    userId,
    "Shared settings and the signing key",
    at(7),
  );
  const steps3 = (v3.process as { phases: { steps: Json[] }[] }).phases[0]?.steps ?? [];
  const v4: Json = {
    ...v3,
    process: {
      type: 1,
      phases: [
        {
          ...(v3.process as { phases: Json[] }).phases[0],
          steps: [
            ...steps3,
            step("Publish artifact", PUBLISH, {
              PathtoPublish: "$(Build.ArtifactStagingDirectory)",
              ArtifactName: "drop",
            }),
          ],
        },
      ],
    },
  };
  pipelines.addRevision(pp.buildDefinitions, ci, v4, userId, "Publish the drop", at(8));

  // Build definition 2: on the Default pool, two revisions.
  const nightly = pipelines.nextId("build-definition");
  const n1 = buildBody(
    "fiber-nightly",
    pool,
    [step("dotnet test", DOTNET, { command: "test", projects: "**/*Tests.csproj" })],
    { runLongTests: { value: "true" } },
  );
  pipelines.addRevision(pp.buildDefinitions, nightly, n1, userId, "", at(9));
  pipelines.addRevision(
    pp.buildDefinitions,
    nightly,
    { ...n1, jobTimeoutInMinutes: 120 },
    userId,
    "Longer timeout",
    at(10),
  );

  // Three more services built the same way, three revisions each (a project has many pipelines).
  for (const [i, service] of ["fiber-api", "fiber-worker", "fiber-db"].entries()) {
    const id = pipelines.nextId("build-definition");
    const steps = [
      ...base,
      step(
        "Task group: Build and test .NET",
        taskGroupId,
        { solution: `src/${service}.sln` },
        "metaTask",
      ),
    ];
    const b1 = buildBody(`${service}-ci`, hosted, steps, {
      configuration: { value: "Release", allowOverride: true },
    });
    pipelines.addRevision(pp.buildDefinitions, id, b1, userId, "Created", at(13 + i));
    const b2: Json = { ...b1, variableGroups: [{ id: groupId, name: "fiber-shared" }] };
    pipelines.addRevision(pp.buildDefinitions, id, b2, userId, "Shared settings", at(14 + i));
    const b3: Json = { ...b2, badgeEnabled: true, buildNumberFormat: `${service}-$(rev:r)` };
    pipelines.addRevision(
      pp.buildDefinitions,
      id,
      b3,
      userId,
      "Badge and build numbers",
      at(15 + i),
    );
  }

  // Release definition: deploys fiber-ci's drop to production with the service connection.
  const release = pipelines.nextId("release-definition");
  const r1: Json = {
    name: "fiber-release",
    path: "\\",
    description: "Deploys the Fiber site",
    releaseNameFormat: "Release-$(rev:r)",
    variableGroups: [groupId],
    variables: {
      slot: { value: "staging" },
      deployToken: { value: "seeded-secret-never-returned", isSecret: true },
    },
    artifacts: [
      {
        alias: "_fiber-ci",
        type: "Build",
        isPrimary: true,
        definitionReference: {
          definition: { id: String(ci), name: "fiber-ci" },
          defaultVersionType: { id: "latestType", name: "Latest" },
        },
      },
    ],
    triggers: [{ artifactAlias: "_fiber-ci", triggerType: 1 }],
    environments: [
      {
        id: 1,
        name: "production",
        rank: 1,
        variables: {},
        conditions: [{ name: "ReleaseStarted", conditionType: 1, value: "" }],
        preDeployApprovals: {
          approvals: [{ rank: 1, isAutomated: true, isNotificationOn: false }],
        },
        postDeployApprovals: {
          approvals: [{ rank: 1, isAutomated: true, isNotificationOn: false }],
        },
        retentionPolicy: { daysToKeep: 30, releasesToKeep: 3, retainBuild: true },
        deployPhases: [
          {
            name: "Agent job",
            rank: 1,
            phaseType: 1,
            deploymentInput: {
              queueId: hosted.id,
              parallelExecution: { parallelExecutionType: 0 },
            },
            workflowTasks: [
              {
                name: "Deploy Azure App Service",
                taskId: AZURE_WEB_APP,
                version: "4.*",
                enabled: true,
                definitionType: "task",
                inputs: {
                  ConnectedServiceName: endpointId,
                  WebAppName: "fabrikam-fiber",
                  packageForLinux: "$(System.DefaultWorkingDirectory)/**/*.zip",
                },
              },
            ],
          },
        ],
      },
    ],
  };
  pipelines.addRevision(pp.releaseDefinitions, release, r1, userId, "", at(11));
  pipelines.addRevision(
    pp.releaseDefinitions,
    release,
    { ...r1, releaseNameFormat: "Fiber-$(rev:r)" },
    userId,
    "Release names say Fiber",
    at(12),
  );
}

export function seedPipelines(pipelines: PipelinesState, state: EmulatorState): void {
  const projectName = SEEDED[state.organization.name.toLowerCase()];
  const project = projectName ? state.findProject(projectName) : undefined;
  const userId = state.users[0]?.id;
  if (project && userId) seedProject(pipelines, pipelines.project(project.id), userId);
}
