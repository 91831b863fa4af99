import { VARIANTS } from "../../../scripts/browser-manifest";
import { PRODUCTION_VARIANT } from "../../../src/browser/browser-variant";
import { tabContextOf } from "../../../src/browser/tab-context";

const DEVELOPMENT = VARIANTS.development;

describe("tabContextOf", () => {
  test.each([
    [
      "https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/web",
      {
        organization: "fabrikam",
        orgUrl: "https://dev.azure.com/fabrikam/",
        project: "Fabrikam Fiber",
      },
    ],
    [
      "https://dev.azure.com/fabrikam/Web",
      { organization: "fabrikam", orgUrl: "https://dev.azure.com/fabrikam/", project: "Web" },
    ],
    [
      "https://dev.azure.com/fabrikam/_settings/projects",
      { organization: "fabrikam", orgUrl: "https://dev.azure.com/fabrikam/" },
    ],
    [
      "https://dev.azure.com/fabrikam",
      { organization: "fabrikam", orgUrl: "https://dev.azure.com/fabrikam/" },
    ],
    [
      "https://fabrikam.visualstudio.com/Mobile%20App/_boards",
      {
        organization: "fabrikam",
        orgUrl: "https://fabrikam.visualstudio.com/",
        project: "Mobile App",
      },
    ],
    [
      "https://fabrikam.visualstudio.com/DefaultCollection/Web/_wiki",
      { organization: "fabrikam", orgUrl: "https://fabrikam.visualstudio.com/", project: "Web" },
    ],
    [
      "https://dev.azure.com/fabrikam/%D9%85%D8%B4%D8%B1%D9%88%D8%B9%20%26%20%22x%22?a=1#b",
      {
        organization: "fabrikam",
        orgUrl: "https://dev.azure.com/fabrikam/",
        project: 'مشروع & "x"',
      },
    ],
  ])("%s", (url, expected) => {
    expect(tabContextOf(url)).toEqual(expected);
  });

  test.each([
    undefined,
    "",
    "not a url",
    "https://example.com/fabrikam/Web",
    "http://dev.azure.com/fabrikam/Web", // not https
    "https://dev.azure.com/",
    "https://dev.azure.com/_signin",
    "https://app.vssps.visualstudio.com/_signin",
    "https://localhost:8443/common/v2.0/.well-known/openid-configuration", // the fake Entra, not an organization
    "chrome://extensions/",
    "https://dev.azure.com:8443/fabrikam/Web", // Azure DevOps is on the default port
    "https://user:pass@dev.azure.com/fabrikam/Web",
    "https://dev.azure.com/fabrikam%2F..%2Fevil/Web", // not an organization name
    "https://dev.azure.com/-fabrikam/Web",
    "https://vssps.visualstudio.com/Web",
    "https://fabrikam.visualstudio.com.evil.example/Web",
    "https://dev.azure.com.evil.example/fabrikam/Web",
  ])("%s is not an Azure DevOps organization", (url) => {
    expect(tabContextOf(url)).toBeUndefined();
  });

  // A local process can serve any page: in the published extension it is never an organization,
  // so it never receives the user's token.
  test.each([
    "http://localhost:8080/fabrikam/Data%20Platform",
    "http://127.0.0.1:9000/fabrikam/Web/_settings/backup",
    "http://localhost/fabrikam",
  ])("the published extension does not take %s for an organization", (url) => {
    expect(tabContextOf(url)).toBeUndefined();
    expect(tabContextOf(url, PRODUCTION_VARIANT)).toBeUndefined();
  });

  test.each([
    [
      "http://localhost:8080/fabrikam/Data%20Platform",
      {
        organization: "fabrikam",
        orgUrl: "http://localhost:8080/fabrikam/",
        project: "Data Platform",
      },
    ],
    [
      "http://127.0.0.1:9000/fabrikam/Web/_settings/backup",
      { organization: "fabrikam", orgUrl: "http://127.0.0.1:9000/fabrikam/", project: "Web" },
    ],
  ])("the development variant takes %s for the emulated organization", (url, expected) => {
    expect(tabContextOf(url, DEVELOPMENT)).toEqual(expected);
  });

  test.each([
    "https://localhost:8443/common/v2.0/.well-known/openid-configuration", // the fake Entra
    "http://localhost.evil.example/fabrikam/Web",
    "http://192.168.1.5/fabrikam/Web",
  ])("even the development variant does not take %s for an organization", (url) => {
    expect(tabContextOf(url, DEVELOPMENT)).toBeUndefined();
  });

  test("a malformed escape in the project segment keeps the organization", () => {
    expect(tabContextOf("https://dev.azure.com/fabrikam/%E0%A4%A")).toEqual({
      organization: "fabrikam",
      orgUrl: "https://dev.azure.com/fabrikam/",
    });
  });
});
