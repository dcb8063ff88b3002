/*
 * cmd_codex.c - `llmcost codex`: Codex CLI usage from its local logs, no setup
 * (docs/codex.md). The work is shared with `llmcost claude` in agent_cmd.c.
 */
#include "agent_cmd.h"

int cmd_codex(int argc, char **argv);

int cmd_codex(int argc, char **argv)
{
	return agent_cmd_run(LC_AGENT_CODEX, argc, argv);
}
