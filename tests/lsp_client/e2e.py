"""`sflint server` driven end to end by an independent LSP client: pygls's LanguageClient.

Usage: e2e.py SFLINT_BINARY FIXTURE_ROOT   (run by tests/server.rs with the consumers' venv)

Opens the fixture's dataflow and checks that IU001 arrives at the field the dataflow reads
(a range in UTF-16 code units, after non-ASCII text on the same line). Then opens the
integration user's permission set, grants read through the client (`didChange`, unsaved),
and checks that IU001 leaves the dataflow. Shuts the server down and checks it exits 0.
Prints "pygls e2e: ok" and exits 0 on success; fails with a message otherwise.
"""

import asyncio
import pathlib
import sys

from lsprotocol import types
from pygls.lsp.client import LanguageClient

TIMEOUT = 60


def utf16_position(text: str, offset: int) -> types.Position:
    before = text[:offset]
    line = before.count("\n")
    start = before.rfind("\n") + 1
    return types.Position(line=line, character=len(before[start:].encode("utf-16-le")) // 2)


async def main(binary: str, root: pathlib.Path) -> None:
    flow = root / "force-app/main/default/wave/Scores.wdf"
    pset = root / "force-app/main/default/permissionsets/Analytics_Read.permissionset-meta.xml"
    flow_text = flow.read_text(encoding="utf-8")
    pset_text = pset.read_text(encoding="utf-8")

    client = LanguageClient("sflint-e2e", "1")
    published: dict[str, list[types.Diagnostic]] = {}
    changed = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        published[params.uri] = list(params.diagnostics)
        changed.set()

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def on_log(params: types.LogMessageParams) -> None:
        pass

    async def until(uri: str, what: str, pred) -> list[types.Diagnostic]:
        loop = asyncio.get_running_loop()
        end = loop.time() + TIMEOUT
        while True:
            if uri in published and pred(published[uri]):
                return published[uri]
            changed.clear()
            left = end - loop.time()
            if left <= 0:
                raise AssertionError(f"{what}: last published for {uri}: {published.get(uri)}")
            try:
                await asyncio.wait_for(changed.wait(), left)
            except asyncio.TimeoutError:
                pass

    def iu001(ds: list[types.Diagnostic]) -> list[types.Diagnostic]:
        return [d for d in ds if d.code == "IU001"]

    await client.start_io(binary, "server")
    result = await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="fixture")],
        )
    )
    assert result.server_info is not None and result.server_info.name == "sflint", result
    client.initialized(types.InitializedParams())

    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=flow.as_uri(), language_id="json", version=1, text=flow_text
            )
        )
    )
    ds = await until(flow.as_uri(), "IU001 on the dataflow", lambda ds: iu001(ds))
    found = iu001(ds)[0]
    at = flow_text.rfind("Credit_Score__c")
    expected = types.Range(
        start=utf16_position(flow_text, at), end=utf16_position(flow_text, at + len("Credit_Score__c"))
    )
    assert found.range == expected, f"IU001 at {found.range}, expected {expected}"
    # The emoji before it on the line counts as two UTF-16 units.
    assert found.range.start.character == len(flow_text.splitlines()[1][: flow_text.splitlines()[1].rfind("Credit_Score__c")].encode("utf-16-le")) // 2
    assert found.severity == types.DiagnosticSeverity.Error, found
    assert found.source == "sflint", found
    assert found.code_description is not None and found.code_description.href.endswith(
        "rules/analytics-field-not-readable.md"
    ), found
    related = found.related_information or []
    assert any(r.location.uri == pset.as_uri() for r in related), related

    # Grant read in the permission set through the client, without saving.
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=pset.as_uri(), language_id="xml", version=1, text=pset_text
            )
        )
    )
    await until(pset.as_uri(), "IU001 on the permission set", lambda ds: iu001(ds))
    granted = pset_text.replace("<readable>false</readable>", "<readable>true</readable>")
    assert granted != pset_text
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=pset.as_uri(), version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=granted)],
        )
    )
    await until(flow.as_uri(), "IU001 gone from the dataflow", lambda ds: not iu001(ds))
    await until(pset.as_uri(), "IU001 gone from the permission set", lambda ds: not iu001(ds))

    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    server = client._server  # the asyncio subprocess pygls started
    code = await server.wait() if server is not None else None
    assert code == 0, f"the server exited with {code}"
    print("pygls e2e: ok")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], pathlib.Path(sys.argv[2]).resolve()))
