struct Main { static func main() { print("cmpdissect") } }
Main.main()
