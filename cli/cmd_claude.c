/*
 * cmd_claude.c - `llmcost claude`: Claude Code usage from its local logs, no setup
 * (docs/claude.md). The work is shared with `llmcost codex` in agent_cmd.c.
 */
#include "agent_cmd.h"

int cmd_claude(int argc, char **argv);

int cmd_claude(int argc, char **argv)
{
	return agent_cmd_run(LC_AGENT_CLAUDE_CODE, argc, argv);
}
