/// A link to a photo or logo; the image data itself is served by the CPO, not exchanged over OCPI.
public struct Image: Codable, Sendable, Hashable {
    /// URL from where a browser can fetch the image.
    public var url: String
    public var thumbnail: String?
    public var category: ImageCategory
    /// CiString(4): gif, jpeg, png, svg…
    public var type: String
    /// int(5), pixels.
    public var width: Int?
    /// int(5), pixels.
    public var height: Int?

    public init(
        url: String, thumbnail: String? = nil, category: ImageCategory, type: String, width: Int? = nil,
        height: Int? = nil
    ) {
        self.url = url
        self.thumbnail = thumbnail
        self.category = category
        self.type = type
        self.width = width
        self.height = height
    }

    enum CodingKeys: String, CodingKey {
        case url, thumbnail, category, type, width, height
    }

    /// Reads `width` and `height` as OCPI ints, so that `1920.5` is reported with its path.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        url = try container.decode(String.self, forKey: .url)
        thumbnail = try container.decodeIfPresent(String.self, forKey: .thumbnail)
        category = try container.decode(ImageCategory.self, forKey: .category)
        type = try container.decode(String.self, forKey: .type)
        width = try container.decodeIntegerIfPresent(forKey: .width)
        height = try container.decodeIntegerIfPresent(forKey: .height)
    }
}
