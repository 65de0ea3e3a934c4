import Testing
@testable import SovTOML

/// The specification's tables, inline tables and arrays of tables (part of `TOMLDocumentTests`).
extension TOMLDocumentTests {
    // MARK: Tables

    @Test func tables() throws {
        let t = try parse("""
        [table-1]
        key1 = "some string"
        key2 = 123

        [table-2]
        key1 = "another string"
        key2 = 456

        [dog."tater.man"]
        type.name = "pug"

        [a.b.c]            # this is best practice
        [ d.e.f ]          # same as [d.e.f]
        [ g .  h  . i ]    # same as [g.h.i]
        [ j . "ʞ" . 'l' ]  # same as [j."ʞ".'l']
        """)
        #expect(t["table-1"] == table([("key1", .string("some string")), ("key2", .integer(123))]))
        #expect(t["table-2"] == table([("key1", .string("another string")), ("key2", .integer(456))]))
        #expect(t["dog"] == table([("tater.man", table([("type", table([("name", .string("pug"))]))]))]))
        #expect(t.value(at: ["a", "b", "c"]) == table([]))
        #expect(t.value(at: ["d", "e", "f"]) == table([]))
        #expect(t.value(at: ["g", "h", "i"]) == table([]))
        #expect(t.value(at: ["j", "ʞ", "l"]) == table([]))
    }

    @Test func superTablesMayComeLater() throws {
        let t = try parse("""
        # [x] you
        # [x.y] don't
        # [x.y.z] need these
        [x.y.z.w] # for this to work

        [x] # defining a super-table afterward is ok
        """)
        #expect(t.value(at: ["x", "y", "z", "w"]) == table([]))
        let unordered = try parse("[fruit.apple]\n[animal]\n[fruit.orange]\n")
        #expect(unordered["fruit"] == table([("apple", table([])), ("orange", table([]))]))
    }

    @Test func rootTableEndsAtFirstHeader() throws {
        let t = try parse("""
        # Top-level table begins.
        name = "Fido"
        breed = "pug"

        # Top-level table ends.
        [owner]
        name = "Regina Dogman"
        """)
        #expect(t["name"] == .string("Fido"))
        #expect(t["owner"] == table([("name", .string("Regina Dogman"))]))
    }

    @Test func dottedKeysAndHeaders() throws {
        let t = try parse("""
        fruit.apple.color = "red"
        # Defines a table named fruit
        # Defines a table named fruit.apple

        fruit.apple.taste.sweet = true
        # Defines a table named fruit.apple.taste
        # fruit and fruit.apple were already created
        """)
        #expect(t.value(at: ["fruit", "apple", "taste", "sweet"]) == .boolean(true))

        let sub = try parse("""
        [fruit]
        apple.color = "red"
        apple.taste.sweet = true

        # [fruit.apple]  # INVALID
        # [fruit.apple.taste]  # INVALID

        [fruit.apple.texture]  # you can add sub-tables
        smooth = true
        """)
        #expect(sub.value(at: ["fruit", "apple", "texture", "smooth"]) == .boolean(true))
        #expect(sub.value(at: ["fruit", "apple", "color"]) == .string("red"))
    }

    @Test func tablesDefinedTwiceAreInvalid() {
        expectInvalid("""
        [fruit]
        apple = "red"

        [fruit]
        orange = "orange"
        """, line: 4, "table [fruit] is defined twice (first at 1:1)")
        expectInvalid("""
        [fruit]
        apple = "red"

        [fruit.apple]
        texture = "smooth"
        """, line: 4, "fruit.apple is already a string")
        expectInvalid("""
        [fruit]
        apple.color = "red"
        apple.taste.sweet = true
        [fruit.apple]
        """, line: 4, "was already defined by dotted keys")
        expectInvalid("""
        [fruit]
        apple.color = "red"
        apple.taste.sweet = true
        [fruit.apple.taste]
        """, line: 4, "was already defined by dotted keys")
        // Dotted keys cannot reach into a table defined by its header (toml-test append-with-dotted-keys).
        expectInvalid("""
        [a.b.c]
          z = 9
        [a]
          b.c.t = "Using dotted keys to add to [a.b.c] after explicitly defining it above is not allowed"
        """, line: 4, "cannot add to table a.b.c with dotted keys")
        expectInvalid("""
        [a]
        b.c.t = 1
        [a.b.c]
        z = 9
        """, line: 3, "already defined by dotted keys")
        expectInvalid("[a]\nb.c = 1\n[x]\n[a.b.d]\n[a]\n", line: 5, "defined twice")
        expectInvalid("[]\n", line: 1, "expected a key")
        expectInvalid("[a\n", line: 1, "expected ']'")
        expectInvalid("[a] b = 1\n", line: 1, "expected a newline after a table header")
    }

    @Test func headerMayDefineTableCreatedOnlyAsAPrefix() throws {
        let t = try parse("[a.b.c]\nz = 9\n[a]\nb.d = 1\n")
        #expect(t.value(at: ["a", "b", "d"]) == .integer(1))
        #expect(t.value(at: ["a", "b", "c", "z"]) == .integer(9))
    }

    // MARK: Inline tables

    @Test func inlineTables() throws {
        let t = try parse("""
        name = { first = "Tom", last = "Preston-Werner" }
        point = { x = 1, y = 2 }
        animal = { type.name = "pug" }
        empty = {}
        nested = { a = { b = [1, { c = 2 }] } }
        """)
        let standard = try parse("""
        [name]
        first = "Tom"
        last = "Preston-Werner"

        [point]
        x = 1
        y = 2

        [animal]
        type.name = "pug"

        [empty]

        [nested.a]
        b = [1, { c = 2 }]
        """)
        #expect(t == standard)
    }

    @Test func inlineTablesAreSelfContained() {
        expectInvalid("""
        [product]
        type = { name = "Nail" }
        type.edible = false  # INVALID
        """, line: 3, "it is already an inline table, which cannot be extended")
        expectInvalid("""
        [product]
        type.name = "Nail"
        type = { edible = false }  # INVALID
        """, line: 3, "duplicate key product.type")
        expectInvalid("a = { b = 1 }\n[a]\n", line: 2, "already a table")
        expectInvalid("a = { b = 1 }\n[a.c]\n", line: 2, "cannot define [a.c]: a is already a table")
        expectInvalid("a = { b = 1, }\n", line: 1, "trailing comma")
        expectInvalid("a = { b = 1,\n c = 2 }\n", line: 1)
        expectInvalid("a = { b = 1 c = 2 }\n", line: 1, "expected ',' or '}'")
        expectInvalid("a = { b = 1, b = 2 }\n", line: 1, "duplicate key b")
        expectInvalid("a = { b = 1, b.c = 2 }\n", line: 1, "it is already an integer")
    }

    // MARK: Arrays of tables

    @Test func arraysOfTables() throws {
        let t = try parse("""
        [[products]]
        name = "Hammer"
        sku = 738594937

        [[products]]  # empty table within the array

        [[products]]
        name = "Nail"
        sku = 284758393

        color = "gray"
        """)
        #expect(t["products"] == .array([
            table([("name", .string("Hammer")), ("sku", .integer(738594937))]),
            table([]),
            table([("name", .string("Nail")), ("sku", .integer(284758393)), ("color", .string("gray"))]),
        ]))

        let fruits = try parse("""
        [[fruits]]
        name = "apple"

        [fruits.physical]  # subtable
        color = "red"
        shape = "round"

        [[fruits.varieties]]  # nested array of tables
        name = "red delicious"

        [[fruits.varieties]]
        name = "granny smith"


        [[fruits]]
        name = "banana"

        [[fruits.varieties]]
        name = "plantain"
        """)
        #expect(fruits["fruits"] == .array([
            table([
                ("name", .string("apple")),
                ("physical", table([("color", .string("red")), ("shape", .string("round"))])),
                ("varieties", .array([table([("name", .string("red delicious"))]), table([("name", .string("granny smith"))])])),
            ]),
            table([("name", .string("banana")), ("varieties", .array([table([("name", .string("plantain"))])]))]),
        ]))

        let points = try parse("""
        points = [ { x = 1, y = 2, z = 3 },
                   { x = 7, y = 8, z = 9 },
                   { x = 2, y = 4, z = 8 } ]
        """)
        #expect(points["points"]?.arrayValue?.count == 3)
        #expect(points["points"]?.arrayValue?.last == table([("x", .integer(2)), ("y", .integer(4)), ("z", .integer(8))]))
    }

    @Test func invalidArraysOfTables() {
        expectInvalid("""
        # INVALID TOML DOC
        [fruit.physical]  # subtable, but to which parent element should it belong?
        color = "red"
        shape = "round"

        [[fruit]]  # parser must throw an error upon discovering that "fruit" is
                   # an array rather than a table
        name = "apple"
        """, line: 6, "cannot define [[fruit]]: fruit is already a table")
        expectInvalid("""
        # INVALID TOML DOC
        fruits = []

        [[fruits]] # Not allowed
        """, line: 4, "cannot append [[fruits]] to the static array")
        expectInvalid("""
        # INVALID TOML DOC
        [[fruits]]
        name = "apple"

        [[fruits.varieties]]
        name = "red delicious"

        # INVALID: This table conflicts with the previous array of tables
        [fruits.varieties]
        name = "granny smith"
        """, line: 9, "is an array of tables")
        expectInvalid("""
        [[fruits]]
        name = "apple"

        [fruits.physical]
        color = "red"
        shape = "round"

        # INVALID: This array of tables conflicts with the previous table
        [[fruits.physical]]
        color = "green"
        """, line: 9, "already a table")
        expectInvalid("[[a]\n", line: 1, "expected ']]'")
    }
}
