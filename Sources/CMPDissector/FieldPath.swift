/// Where a node sits in the message (`PKIMessage.body.ip.response[0].status`), for the stop error
/// and the findings that name it.
///
/// Every node of every tree has one, and nearly none is ever shown: the path is kept as a link to
/// its parent in an arena the tree shares (one array append per node) and spelled out only when a
/// message interpolates it. Building each as a string cost a concatenation and an allocation per node.
struct FieldPath: CustomStringConvertible {
    /// The components of one tree's paths; each names its parent by index.
    final class Arena {
        struct Component {
            var parent: Int32
            /// A field name, or "" for a list item.
            var name: String
            /// The item index, or -1 for a field.
            var item: Int32
        }

        var components: [Component] = []
    }

    let arena: Arena
    let index: Int32

    /// The root of a new tree's paths.
    init(root name: String) {
        arena = Arena()
        arena.components.append(.init(parent: -1, name: name, item: -1))
        index = 0
    }

    private init(arena: Arena, index: Int32) {
        self.arena = arena
        self.index = index
    }

    /// `self.name`.
    func field(_ name: String) -> FieldPath {
        append(.init(parent: index, name: name, item: -1))
    }

    /// `self[item]`.
    func item(_ item: Int) -> FieldPath {
        append(.init(parent: index, name: "", item: Int32(truncatingIfNeeded: item)))
    }

    private func append(_ component: Arena.Component) -> FieldPath {
        arena.components.append(component)
        return FieldPath(arena: arena, index: Int32(arena.components.count - 1))
    }

    var description: String {
        var parts: [Arena.Component] = []
        var current = Int(index)
        while current >= 0 {
            let component = arena.components[current]
            parts.append(component)
            current = Int(component.parent)
        }
        var text = ""
        for (offset, component) in parts.reversed().enumerated() {
            if component.item >= 0 {
                text += "[\(component.item)]"
            } else {
                text += offset == 0 ? component.name : "." + component.name
            }
        }
        return text
    }
}
