"""`ParsedResponseOutputItem[ContentType]`: the items of `ParsedResponse.output` as type checkers
see them (openai-python's name): the parsed message and function call, and every other item of
the spec's `OutputItem` union as sent. tests/client/test_helpers_parsed_types.py checks that
this list is the spec's union. Imported by `_parsed_responses` for type checkers only (its
classes exist before this module loads)."""

from __future__ import annotations

from typing import TypeAlias, Union

from .._generated.openai.models.additional_tools import AdditionalTools
from .._generated.openai.models.image_gen_tool_call import ImageGenToolCall
from .._generated.openai.models.local_shell_tool_call import LocalShellToolCall
from .._generated.openai.models.local_shell_tool_call_output import LocalShellToolCallOutput
from .._generated.openai.models.mcp_approval_request import MCPApprovalRequest
from .._generated.openai.models.mcp_approval_response_resource import MCPApprovalResponseResource
from .._generated.openai.models.mcp_list_tools import MCPListTools
from .._generated.openai.models.mcp_tool_call import MCPToolCall
from .._generated.openai.models.program import Program
from .._generated.openai.models.program_output import ProgramOutput
from .._generated.openai.models.response_apply_patch_tool_call import ResponseApplyPatchToolCall
from .._generated.openai.models.response_apply_patch_tool_call_output import (
    ResponseApplyPatchToolCallOutput,
)
from .._generated.openai.models.response_code_interpreter_tool_call import (
    ResponseCodeInterpreterToolCall,
)
from .._generated.openai.models.response_compaction_item import ResponseCompactionItem
from .._generated.openai.models.response_computer_tool_call import ResponseComputerToolCall
from .._generated.openai.models.response_computer_tool_call_output_item import (
    ResponseComputerToolCallOutputItem,
)
from .._generated.openai.models.response_custom_tool_call import ResponseCustomToolCall
from .._generated.openai.models.response_custom_tool_call_output_item import (
    ResponseCustomToolCallOutputItem,
)
from .._generated.openai.models.response_file_search_tool_call import ResponseFileSearchToolCall
from .._generated.openai.models.response_function_shell_tool_call import (
    ResponseFunctionShellToolCall,
)
from .._generated.openai.models.response_function_shell_tool_call_output import (
    ResponseFunctionShellToolCallOutput,
)
from .._generated.openai.models.response_function_tool_call_output_item import (
    ResponseFunctionToolCallOutputItem,
)
from .._generated.openai.models.response_function_web_search import ResponseFunctionWebSearch
from .._generated.openai.models.response_reasoning_item import ResponseReasoningItem
from .._generated.openai.models.response_tool_search_call import ResponseToolSearchCall
from .._generated.openai.models.response_tool_search_output_item import ResponseToolSearchOutputItem
from ._parsed_responses import (
    ContentType,
    ParsedResponseFunctionToolCall,
    ParsedResponseOutputMessage,
)

__all__ = ["ParsedResponseOutputItem"]

ParsedResponseOutputItem: TypeAlias = Union[  # noqa: UP007 - subscripted by ParsedResponse
    ParsedResponseOutputMessage[ContentType],
    ParsedResponseFunctionToolCall,
    ResponseFileSearchToolCall,
    ResponseFunctionToolCallOutputItem,
    ResponseFunctionWebSearch,
    ResponseComputerToolCall,
    ResponseComputerToolCallOutputItem,
    ResponseReasoningItem,
    Program,
    ProgramOutput,
    ResponseToolSearchCall,
    ResponseToolSearchOutputItem,
    AdditionalTools,
    ResponseCompactionItem,
    ImageGenToolCall,
    ResponseCodeInterpreterToolCall,
    LocalShellToolCall,
    LocalShellToolCallOutput,
    ResponseFunctionShellToolCall,
    ResponseFunctionShellToolCallOutput,
    ResponseApplyPatchToolCall,
    ResponseApplyPatchToolCallOutput,
    MCPToolCall,
    MCPListTools,
    MCPApprovalRequest,
    MCPApprovalResponseResource,
    ResponseCustomToolCall,
    ResponseCustomToolCallOutputItem,
]
