using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Ticketing.Api.Tests.Fuzzing;

/// <summary>
/// Hostile values as raw JSON text (so that numbers can overflow and strings can carry lone
/// surrogates): odd Unicode, huge and empty values, deep nesting, huge arrays, wrong types.
/// </summary>
public static class BadValues
{
    /// <summary>Strings that have broken parsers, key builders, loggers and databases before.</summary>
    public static readonly string[] OddStrings =
    [
        "", " ", "\u0000", "a\u0000b", "\t\r\n", "\ud800", "\udfff", "x\udc00y", "\ud83c\udfab", "\u202eFLOOR-A-1", "\u200f\u200e",
        "e\u0301\u0301\u0301\u0301\u0301\u0301", "\u0345\u0361\u0489", "\ufeff", "\uffff", "\u2028\u2029", "\u00a0", "ＦＬＯＯＲ－Ａ－１",
        "FLOOR-A-1\u0000", "FLOOR-A-0", "FLOOR-A--1", "FLOOR-A-99999999999999999999", "FLOOR--", "-", "---", "{ev:1}", "{ev:}:seats",
        "*", "?", "%", "%s%n%x", "{0}", "${jndi:ldap://127.0.0.1/a}", "' OR '1'='1", "'; DROP TABLE orders; --", "<script>alert(1)</script>",
        "../../etc/passwd", "..\\..\\", "\\", "\"", "null", "undefined", "NaN", "true", "0", "-1", "1e309", "0x10", "tok_visa\u0000",
        "2030-13-45T25:61:61Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "not-a-date", "00000000-0000-0000-0000-000000000000",
    ];

    public static readonly string[] Numbers =
    [
        "0", "-0", "-1", "1", "5", "3600", "3601", "4", "-2147483648", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
        "9223372036854775808", "-9223372036854775809", "18446744073709551616", "1e308", "-1e308", "1e309", "-1e400", "1E+2", "0e0", "0.5",
        "-0.0001", "1.0000000000000000000000000001", "79228162514264337593543950336", "123456789012345678901234567890123456789012345678901234567890",
        "4.9e-324", "1e-400",
    ];

    /// <summary>JSON text that is not JSON at all, or not the JSON a route expects at its root.</summary>
    public static readonly string[] BrokenDocuments =
    [
        "{", "}", "[", "{\"a\":}", "{\"a\" 1}", "{'a': 1}", "{a: 1}", "{\"a\":1,}", "[1,2,]", "{\"a\":1}}", "{\"a\":1} {\"b\":2}", "NaN", "Infinity",
        "-Infinity", "nul", "tru", "\"unterminated", "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}", "/* comment */ {}", "// comment\n{}", "{\"a\":01}",
        "{\"a\":.5}", "{\"a\":+1}", "{\"a\":1e}", "{\"\u0000\":1}", "\u0000", "{\"a\":\"tab\there\"}", "{\"a\":\"line\nbreak\"}",
    ];

    /// <summary>A JSON string literal; controls, quotes and every surrogate are escaped, so a lone surrogate stays in the text.</summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\' || c < ' ' || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029')
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                text.Append(c);
            }
        }

        return text.Append('"').ToString();
    }

    public static Gen<string> OddString { get; } = Gen.OneOf(
        Gen.Elements(OddStrings),
        from length in Gen.Elements(1_000, 10_000, 100_000, 300_000)
        from c in Gen.Elements('a', '\u0301', '\u202e', '\u4e00', '-')
        select new string(c, length),
        from count in Gen.Choose(2, 400)
        select string.Concat(Enumerable.Repeat("\ud83c\udfab\u200d", count)));

    public static Gen<string> OddStringJson { get; } = OddString.Select(Quote);

    public static Gen<string> NumberJson { get; } = Gen.Elements(Numbers);

    /// <summary>Arrays and objects nested past any parser's depth limit, or just under it.</summary>
    public static Gen<string> DeepJson { get; } =
        from depth in Gen.Elements(10, 63, 64, 65, 1_000, 20_000)
        from array in Gen.Elements(true, false)
        select array
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    /// <summary>Arrays with many members: small enough to pass the body size limit, or not.</summary>
    public static Gen<string> HugeArrayJson { get; } =
        from count in Gen.Elements(51, 1_000, 30_000)
        from item in Gen.Elements("1", "\"FLOOR-A-1\"", "null", "{}", "[]")
        select "[" + string.Join(',', Enumerable.Repeat(item, count)) + "]";

    /// <summary>Any hostile value.</summary>
    public static Gen<string> AnyJson { get; } = Gen.Frequency(
        (5, OddStringJson),
        (4, NumberJson),
        (1, Gen.Elements("true", "false", "null", "{}", "[]", "[null]", "{\"\":null}")),
        (1, DeepJson),
        (1, HugeArrayJson));

    /// <summary>A value of another JSON type than <paramref name="schema"/> says: a type check must refuse it.</summary>
    public static Gen<string>? WrongType(JsonSchema schema) => schema.Type switch
    {
        "string" => Gen.Elements("123", "-1.5", "true", "{}", "[]", "[\"FLOOR-A-1\"]", "{\"id\":\"x\"}"),
        "integer" => Gen.Elements("\"12\"", "\"\"", "1.5", "true", "{}", "[]", "[1]", "1e400", "99999999999999999999999999"),
        "number" => Gen.Elements("\"1\"", "\"NaN\"", "true", "{}", "[]", "[1]", "1e400"),
        "boolean" => Gen.Elements("\"true\"", "1", "0", "{}", "[]", "\"yes\""),
        "array" => Gen.Elements("{}", "\"FLOOR-A-1\"", "1", "true", "{\"0\":\"FLOOR-A-1\"}"),
        "object" => Gen.Elements("[]", "\"x\"", "1", "true", "[{}]"),
        _ => null,
    };

    /// <summary>A hostile value of the type <paramref name="schema"/> asks for, so that it reaches the checks behind the type check.</summary>
    public static Gen<string> SameType(JsonSchema schema) => schema.Type switch
    {
        "string" => OddStringJson,
        "integer" => Gen.Elements("0", "-1", "-2147483648", "2147483647", "3601", "4", "1000000"),
        "number" => Gen.Elements("0", "-0.01", "1e28", "-1e28", "0.001", "79228162514264337593543950335"),
        "boolean" => Gen.Elements("true", "false"),
        "array" => Gen.OneOf(Gen.Constant("[]"), HugeArrayJson, Gen.Elements("[null]", "[\"FLOOR-A-1\",\"FLOOR-A-1\"]", "[\"\"]", "[\"\\u0000\"]")),
        "object" => Gen.Elements("{}", "{\"quantity\":0}", "{\"\":\"\"}"),
        _ => AnyJson,
    };
}
