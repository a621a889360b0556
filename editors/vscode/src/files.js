// Which files the extension hands to `sflint server`: the metadata sflint reads
// (src/salesforce/kind.rs `classify` in the sflint repository). Every SFDX source file
// ends in `-meta.xml`; Metadata API (mdapi) files keep their own suffixes; dataflows and
// recipes are JSON with the same names in both formats. tests/vscode_extension.rs checks
// that every suffix sflint classifies is here.
"use strict";

/** Suffixes of mdapi and JSON metadata files (SFDX source files all end in `-meta.xml`). */
const SUFFIXES = [
  "-meta.xml",
  ".profile",
  ".permissionset",
  ".permissionsetgroup",
  ".mutingpermissionset",
  ".object",
  ".profileSessionSetting",
  ".connectedApp",
  ".eca",
  ".ecaOauthPlcy",
  ".wdf",
  ".wdpr",
  ".settings",
];

/** JSON files that may hold users (SFDX user definitions, sObject tree exports). */
const USER_JSON = ["**/config/**/*.json", "**/users/**/*.json", "**/data/**/*.json", "**/*{user,User}*.json"];

/** Files whose change reloads the project: its configuration and its layout. */
const PROJECT_FILES = ["sflint.toml", "sfdx-project.json", "package.xml", ".forceignore"];

/** A glob matching every file whose name ends with one of `suffixes`. */
function globOf(suffixes) {
  return `**/*{${suffixes.join(",")}}`;
}

/** The client's document selector: metadata files on disk, whatever their language. */
function documentSelector() {
  return [...SUFFIXES.map((suffix) => `**/*${suffix}`), ...USER_JSON].map((pattern) => ({
    scheme: "file",
    pattern,
  }));
}

/** The globs of the files the client watches on disk for the server (one watcher each). */
function watchedGlobs() {
  return [globOf(SUFFIXES), `**/{${PROJECT_FILES.join(",")}}`, ...USER_JSON];
}

module.exports = { SUFFIXES, USER_JSON, PROJECT_FILES, documentSelector, watchedGlobs };
